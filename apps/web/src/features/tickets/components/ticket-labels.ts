import {
  IMPACTS,
  REROUTE_DESTINATIONS,
  TICKET_ACTION_LABELS,
  TICKET_CATEGORIES,
  TICKET_CHANNELS,
  TICKET_KINDS,
  TICKET_STATUSES,
  URGENCIES,
} from "@relais/shared/tickets";
import type { Language } from "../../../lib/i18n/i18n.tsx";

type Catalogue = Record<string, { fr: string; en: string }>;

/** A code's label from one of the shared catalogues; a region's own category shows as its code. */
const labelIn = (catalogue: Catalogue) => (code: string | null | undefined, language: Language) => (code ? (catalogue[code]?.[language] ?? code) : "—");

export const statusLabel = labelIn(TICKET_STATUSES);
export const kindLabel = labelIn(TICKET_KINDS);
export const categoryLabel = labelIn(TICKET_CATEGORIES);
export const urgencyLabel = labelIn(URGENCIES);
export const impactLabel = labelIn(IMPACTS);
export const channelLabel = labelIn(TICKET_CHANNELS);
export const actionLabel = labelIn(TICKET_ACTION_LABELS);
export const destinationLabel = labelIn(REROUTE_DESTINATIONS);

export const STATUS_COLORS: Record<string, string> = {
  new: "blue",
  qualified: "indigo",
  assigned: "violet",
  in_progress: "cyan",
  waiting: "yellow",
  resolved: "teal",
  closed: "gray",
  rerouted: "gray",
  merged: "gray",
};

export const PRIORITY_COLORS = ["", "red", "orange", "yellow", "blue", "gray"];

/** Options for a select, in the catalogue's order. */
export function optionsOf(catalogue: Catalogue, language: Language, codes: string[] = Object.keys(catalogue)) {
  return codes.map((code) => ({ value: code, label: catalogue[code]?.[language] ?? code }));
}

/** Categories grouped as the service levels group them (infrastructure, office IT, other). */
export function categoryGroups(language: Language, groupLabels: Record<"infrastructure" | "office" | "other", string>, extra: string[] = []) {
  const entries = Object.entries(TICKET_CATEGORIES);
  const group = (g: "infrastructure" | "office" | "other") =>
    entries.filter(([, c]) => c.group === g).map(([code, c]) => ({ value: code, label: c[language] }));
  return [
    { group: groupLabels.infrastructure, items: group("infrastructure") },
    { group: groupLabels.office, items: group("office") },
    { group: groupLabels.other, items: [...group("other"), ...extra.filter((c) => !(c in TICKET_CATEGORIES)).map((c) => ({ value: c, label: c }))] },
  ];
}
