import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, auditActionLabel, auditEntityLabel, auditFieldLabel } from "./audit-actions.ts";

describe("audit labels", () => {
  it("names every action in both languages, differently from its code", () => {
    for (const [code, label] of Object.entries(AUDIT_ACTIONS)) {
      expect(label.fr, code).not.toBe(code);
      expect(label.en, code).not.toBe("");
    }
    expect(auditActionLabel("role.assigned")).toBe("Désignation");
    expect(auditActionLabel("role.assigned", "en")).toBe("Role assigned");
  });

  it("shows an unknown code as itself rather than hiding it", () => {
    expect(auditActionLabel("future.action")).toBe("future.action");
    expect(auditEntityLabel("constructor")).toBe("constructor");
    expect(auditFieldLabel("toString")).toBe("toString");
  });
});
