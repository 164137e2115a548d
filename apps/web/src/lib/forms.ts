import { ApiError } from "./api-client.ts";

type SettableForm = { setFieldError: (path: string, error: string) => void; getValues: () => unknown };

/**
 * Puts the API's per-field errors (`body.newPerson.email`) on the form's fields
 * (`newPerson.email`). Returns the message to show above the form, or null when every error
 * found its field and the summary would only repeat them.
 */
export function applyApiError(form: SettableForm, error: unknown, fieldMap: Record<string, string> = {}): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const values = form.getValues() as Record<string, unknown>;
  let placed = 0;
  for (const { field, message } of error.fieldErrors) {
    const path = field.replace(/^(body|querystring|params)\./, "");
    const target = fieldMap[path] ?? path;
    if (hasPath(values, target)) {
      form.setFieldError(target, message);
      placed += 1;
    }
  }
  return placed > 0 && placed === error.fieldErrors.length && error.code === "validation.failed" ? null : error.detail;
}

function hasPath(values: Record<string, unknown>, path: string): boolean {
  let node: unknown = values;
  for (const part of path.split(".")) {
    if (typeof node !== "object" || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}
