import { formatParisDay, type OrderWindow } from "./campaign-windows.ts";

/** How many days ahead schools are reminded that a window opens, or closes. */
export const REMINDER_LEAD_DAYS = 7;

export type DueReminder = { window: OrderWindow; kind: "opening" | "closing"; message: string };

const DAY_MS = 86_400_000;
const daysBetween = (fromIso: string, toIso: string) => Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / DAY_MS);

/**
 * The reminders due on a Paris day: a window opening within the lead time ("ouvre le …"), an
 * open window closing within it ("se ferme le …"). A range rather than one exact day, so a
 * daily job that missed a day still reminds; the caller sends each (window, kind) once.
 * Budgets are lost when a window closes unspent (seeds 001 and 003): hence the closing one.
 */
export function dueWindowReminders(windows: readonly OrderWindow[], today: string, leadDays = REMINDER_LEAD_DAYS): DueReminder[] {
  const due: DueReminder[] = [];
  for (const window of windows) {
    const untilOpening = daysBetween(today, window.opensOn);
    if (untilOpening > 0 && untilOpening <= leadDays) {
      due.push({ window, kind: "opening", message: `la fenêtre de commande ouvre le ${formatParisDay(window.opensOn)}` });
      continue;
    }
    const untilClosing = daysBetween(today, window.closesOn);
    if (untilOpening <= 0 && untilClosing >= 0 && untilClosing <= leadDays) {
      due.push({
        window,
        kind: "closing",
        message: untilClosing === 0 ? "dernier jour pour commander, aujourd'hui" : `la fenêtre de commande se ferme le ${formatParisDay(window.closesOn)}`,
      });
    }
  }
  return due;
}
