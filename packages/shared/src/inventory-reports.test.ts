import { describe, expect, it } from "vitest";
// The API reads Zod's own messages in French (unknown keys): so do these tests.
import "./zod-fr.ts";
import {
  ageInYears,
  classCostOverrides,
  DEFAULT_INVENTORY_SETTINGS,
  estimateClassCost,
  mergeInventorySettings,
  renewalReasons,
  StoredInventorySettingsSchema,
  yearsBefore,
} from "./inventory-reports.ts";

describe("ageInYears / yearsBefore", () => {
  it("counts whole years as a birthday does", () => {
    expect(ageInYears("2019-09-01", "2026-08-31")).toBe(6);
    expect(ageInYears("2019-09-01", "2026-09-01")).toBe(7);
    expect(ageInYears("2026-12-01", "2026-01-01")).toBe(0);
  });
  it("gives the day an item reaches an age, agreeing with ageInYears", () => {
    expect(yearsBefore("2026-12-01", 7)).toBe("2019-12-01");
    expect(yearsBefore("2028-02-29", 1)).toBe("2027-02-28");
    for (const today of ["2026-12-01", "2026-01-01", "2028-02-29", "2026-03-01"]) {
      const edge = yearsBefore(today, 7);
      expect(ageInYears(edge, today), today).toBe(7);
    }
  });
});

describe("renewalReasons (seed 004 §7.5.4)", () => {
  const settings = { renewalAgeYears: 7, frequentIncidentTickets: 3 };
  const today = "2026-12-01";
  it("gives every reason that holds, and none for a young item under warranty", () => {
    expect(renewalReasons({ warrantyEndsOn: "2026-11-30", acquiredOn: "2019-12-01", recentIncidents: 3 }, today, settings)).toEqual([
      "out_of_warranty",
      "too_old",
      "frequent_incidents",
    ]);
    expect(renewalReasons({ warrantyEndsOn: "2026-12-01", acquiredOn: "2019-12-02", recentIncidents: 2 }, today, settings)).toEqual([]);
  });
  it("says nothing it does not know: no warranty date, no purchase date", () => {
    expect(renewalReasons({ warrantyEndsOn: null, acquiredOn: null, recentIncidents: 0 }, today, settings)).toEqual([]);
  });
  it("follows the region's age and threshold", () => {
    const item = { warrantyEndsOn: null, acquiredOn: "2021-12-01", recentIncidents: 1 };
    expect(renewalReasons(item, today, { renewalAgeYears: 5, frequentIncidentTickets: 1 })).toEqual(["too_old", "frequent_incidents"]);
  });
});

describe("estimateClassCost", () => {
  it("adds acquisition (known prices, else the default), deployment, support and recycling", () => {
    const estimate = estimateClassCost(
      { type: "desktop", count: 3, pricedCount: 1, knownPriceCents: 50_000, supportMinutes: 90 },
      {
        supportHourCents: 6_000,
        classCosts: { ...DEFAULT_INVENTORY_SETTINGS.classCosts, desktop: { priceCents: 70_000, deploymentMinutes: 30, recyclingCents: 1_000 } },
      },
    );
    expect(estimate).toMatchObject({
      acquisitionCents: 50_000 + 2 * 70_000,
      deploymentCents: 3 * 30 * 100,
      supportCents: 90 * 100,
      recyclingCents: 3_000,
      totalCents: 190_000 + 9_000 + 9_000 + 3_000,
      perItemCents: 70_333,
    });
  });
  it("costs nothing for an empty class", () => {
    expect(estimateClassCost({ type: "ups", count: 0, pricedCount: 0, knownPriceCents: 0, supportMinutes: 0 }, DEFAULT_INVENTORY_SETTINGS)).toMatchObject({
      totalCents: 0,
      perItemCents: 0,
    });
  });
});

describe("mergeInventorySettings", () => {
  it("keeps the defaults for what the region did not set, and ignores an unreadable document", () => {
    const merged = mergeInventorySettings({ renewalAgeYears: 5, classCosts: { laptop: { priceCents: 100_000 } } });
    expect(merged.renewalAgeYears).toBe(5);
    expect(merged.frequentIncidentTickets).toBe(DEFAULT_INVENTORY_SETTINGS.frequentIncidentTickets);
    expect(merged.classCosts.laptop).toEqual({ ...DEFAULT_INVENTORY_SETTINGS.classCosts.laptop, priceCents: 100_000 });
    expect(mergeInventorySettings({ renewalAgeYears: "old" })).toEqual(DEFAULT_INVENTORY_SETTINGS);
  });
  it("refuses an age of 0 and an unknown class, in French", () => {
    const parsed = StoredInventorySettingsSchema.safeParse({ renewalAgeYears: 0, classCosts: { toaster: { priceCents: 1 } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message).join(" ")).toMatch(/Au moins 1 an/);
  });
  it("refuses a class cost out of bounds, fractional or misspelt, in French", () => {
    const messages = (classCosts: unknown) => {
      const parsed = StoredInventorySettingsSchema.safeParse({ classCosts });
      return parsed.success ? "accepted" : parsed.error.issues.map((i) => i.message).join(" ");
    };
    expect(messages({ laptop: { priceCents: -1 } })).toMatch(/ne peut pas être négatif/);
    expect(messages({ laptop: { deploymentMinutes: -5 } })).toMatch(/ne peut pas être négatif/);
    expect(messages({ laptop: { deploymentMinutes: 10_001 } })).toMatch(/Au plus 10 000 minutes/);
    expect(messages({ laptop: { deploymentMinutes: 1.5 } })).toMatch(/nombre entier de minutes/);
    expect(messages({ laptop: { recyclingCents: 12.5 } })).toMatch(/nombre entier de centimes/);
    expect(messages({ laptop: { priceEuros: 900 } })).toMatch(/Clé non reconnue/);
    expect(messages({ laptop: { deploymentMinutes: 10_000, priceCents: 0 } })).toBe("accepted");
  });
});

describe("classCostOverrides", () => {
  it("keeps only the fields that differ from the defaults, and nothing for a class left at them", () => {
    const costs = structuredClone(DEFAULT_INVENTORY_SETTINGS.classCosts);
    expect(classCostOverrides(costs)).toBeUndefined();
    costs.video_projector.priceCents = 120_000;
    costs.laptop.deploymentMinutes = 0;
    expect(classCostOverrides(costs)).toEqual({ laptop: { deploymentMinutes: 0 }, video_projector: { priceCents: 120_000 } });
    // Merged back over the defaults, the overrides give the costs the region typed.
    expect(mergeInventorySettings({ classCosts: classCostOverrides(costs) }).classCosts).toEqual(costs);
  });
});
