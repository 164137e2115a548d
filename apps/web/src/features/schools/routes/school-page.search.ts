import { ROLE_CODES } from "@relais/shared/roles";
import { oneOf } from "../../../lib/search-params.ts";

/** `?designer=coordinator` opens the designation dialog with that role chosen (links from the home page). */
export function validateSchoolPageSearch(search: Record<string, unknown>): { designer?: (typeof ROLE_CODES)[number] | undefined } {
  return { designer: oneOf(search.designer, ROLE_CODES) };
}
