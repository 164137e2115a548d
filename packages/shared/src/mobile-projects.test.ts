import { describe, expect, it } from "vitest";
import { isLiveMobileProject, MobileProjectDecisionSchema, nextMobileProjectStatus } from "./mobile-projects.ts";

describe("mobile equipment projects", () => {
  it("go to the académie first, then to the Region", () => {
    expect(nextMobileProjectStatus("submitted", "academie", "approve")).toBe("academie_approved");
    expect(nextMobileProjectStatus("academie_approved", "region", "approve")).toBe("approved");
    expect(nextMobileProjectStatus("submitted", "region", "approve")).toBeNull(); // the Region waits for the académie
    expect(nextMobileProjectStatus("academie_approved", "academie", "approve")).toBeNull(); // the académie decides once
  });

  it("end on either refusal, and a decided project is decided", () => {
    expect(nextMobileProjectStatus("submitted", "academie", "reject")).toBe("rejected");
    expect(nextMobileProjectStatus("academie_approved", "region", "reject")).toBe("rejected");
    expect(nextMobileProjectStatus("approved", "region", "reject")).toBeNull();
    expect(nextMobileProjectStatus("rejected", "academie", "approve")).toBeNull();
  });

  it("let a school file again only after a refusal", () => {
    expect(isLiveMobileProject("rejected")).toBe(false);
    expect(isLiveMobileProject("submitted")).toBe(true);
    expect(isLiveMobileProject("approved")).toBe(true);
  });

  it("ask a reason for a refusal", () => {
    expect(MobileProjectDecisionSchema.safeParse({ decision: "reject" }).success).toBe(false);
    expect(MobileProjectDecisionSchema.safeParse({ decision: "reject", note: "Pas de Wi-Fi au CDI." }).success).toBe(true);
    expect(MobileProjectDecisionSchema.safeParse({ decision: "approve" }).success).toBe(true);
  });
});
