import { describe, expect, it } from "vitest";
import { dueWindowReminders } from "./window-reminders.ts";

const windows = [
  { label: "Commandes", opensOn: "2024-06-26", closesOn: "2024-09-17" },
  { label: "Nouveaux élèves", opensOn: "2024-09-19", closesOn: "2025-08-31" },
];
const kinds = (today: string) => dueWindowReminders(windows, today).map((r) => `${r.window.opensOn}:${r.kind}`);

describe("window reminders", () => {
  it("remind of an opening within seven days, not before, not on the day", () => {
    expect(kinds("2024-06-18")).toEqual([]);
    expect(kinds("2024-06-19")).toEqual(["2024-06-26:opening"]);
    expect(kinds("2024-06-25")).toEqual(["2024-06-26:opening"]);
    expect(kinds("2024-06-26")).toEqual([]);
  });

  it("remind of a closing within seven days, up to the last day, alongside the next window's opening", () => {
    expect(kinds("2024-09-09")).toEqual([]);
    expect(kinds("2024-09-10")).toEqual(["2024-06-26:closing"]);
    expect(kinds("2024-09-12")).toEqual(["2024-06-26:closing", "2024-09-19:opening"]);
    expect(dueWindowReminders(windows, "2024-09-17")[0]!.message).toBe("dernier jour pour commander, aujourd'hui");
    expect(kinds("2024-09-18")).toEqual(["2024-09-19:opening"]);
  });

  it("say the date in French", () => {
    expect(dueWindowReminders(windows, "2024-09-11")[0]!.message).toBe("la fenêtre de commande se ferme le 17/09/2024");
  });

  it("a window shorter than the lead time is reminded of opening, then of closing once open", () => {
    const short = [{ label: "Court", opensOn: "2024-03-04", closesOn: "2024-03-06" }];
    expect(dueWindowReminders(short, "2024-03-01").map((r) => r.kind)).toEqual(["opening"]);
    expect(dueWindowReminders(short, "2024-03-04").map((r) => r.kind)).toEqual(["closing"]);
  });
});
