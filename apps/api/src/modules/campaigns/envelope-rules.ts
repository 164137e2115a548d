import { EnrolmentError, type EnrolmentInput } from "@relais/shared/textbook-envelope";
import { AppError } from "../../errors.ts";

/** Turns a rule's refusal of an enrolment line into the API's 400, pointing at the line. */
export function withEnrolmentChecked<T>(compute: () => T, field = "body.enrolment"): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof EnrolmentError) {
      throw new AppError("validation.failed", error.message, { fieldErrors: [{ field: `${field}.${error.index}`, message: error.message }] });
    }
    throw error;
  }
}

export type { EnrolmentInput };
