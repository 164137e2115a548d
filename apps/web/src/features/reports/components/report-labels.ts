import { TICKET_CATEGORIES } from "@relais/shared/tickets";
import type { MessageKey } from "../../../lib/i18n/fr.ts";
import type { Language } from "../../../lib/i18n/i18n.tsx";
import type { ReportStatus } from "../api/reports-api.ts";

export const REPORT_STATUS_LABELS: Record<ReportStatus, MessageKey> = {
  open: "reports.status.open",
  filed: "reports.status.filed",
  merged: "reports.status.merged",
  answered: "reports.status.answered",
};

export const REPORT_STATUS_COLORS: Record<ReportStatus, string> = {
  open: "yellow",
  filed: "blue",
  merged: "indigo",
  answered: "teal",
};

type Catalogue = Record<string, { fr: string; en: string }>;

/** Options for a select from one of the shared catalogues, in its order. */
export function catalogueOptions(catalogue: Catalogue, language: Language) {
  return Object.entries(catalogue).map(([value, labels]) => ({ value, label: labels[language] }));
}

/** The categories grouped as the service levels group them, so the right one is found quickly. */
export function categoryOptions(language: Language, groupLabels: Record<"infrastructure" | "office" | "other", string>) {
  const entries = Object.entries(TICKET_CATEGORIES);
  return (["infrastructure", "office", "other"] as const).map((group) => ({
    group: groupLabels[group],
    items: entries.filter(([, c]) => c.group === group).map(([value, c]) => ({ value, label: c[language] })),
  }));
}
