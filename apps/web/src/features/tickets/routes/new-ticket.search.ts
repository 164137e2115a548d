import { TICKET_KINDS } from "@relais/shared/tickets";
import { oneOf, optionalString } from "../../../lib/search-params.ts";

const KIND_CODES = Object.keys(TICKET_KINDS) as (keyof typeof TICKET_KINDS)[];

/** What another page may pre-fill in the filing form (the equipment catalogue: an evolution request about a server). */
export type NewTicketSearch = { nature?: (typeof KIND_CODES)[number] | undefined; categorie?: string | undefined };

export function validateNewTicketSearch(search: Record<string, unknown>): NewTicketSearch {
  return { nature: oneOf(search.nature, KIND_CODES), categorie: optionalString(search.categorie, 60) };
}
