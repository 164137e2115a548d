import { describe, expect, it } from "vitest";
import {
  isIndividualEquipment,
  isSupported,
  nameKey,
  publisherKey,
  serialOf,
  softwareNameKey,
  usableManufacturer,
  usableModel,
  usableSerial,
  usableUuid,
  uuidVariants,
} from "./inventory.ts";

describe("serial blacklist (GLPI Blacklist.php, plus Default string)", () => {
  it.each([
    "To Be Filled By O.E.M.",
    "to be filled by o.e.m.",
    "Default string",
    "System Serial Number",
    "0123456789",
    "000000000",
    "0",
    "11111111",
    "N/A",
    "None",
    "INVALID",
    "Not Specified",
    "  ",
    "",
    "...",
    "XXXXXXXXXXX",
  ])("refuses %j", (serial) => expect(usableSerial(serial)).toBeNull());

  it.each(["640HP72", "CZC1234ABC", "5CG0123XYZ", "PF0ABCDE", "01234567A"])("keeps %j", (serial) => expect(usableSerial(serial)).toBe(serial));

  it("trims what it keeps", () => expect(usableSerial("  640HP72 ")).toBe("640HP72"));

  it("falls back to the board serial when the system serial is bogus, and drops HP's leading S", () => {
    expect(serialOf({ ssn: "To Be Filled By O.E.M.", msn: "BSN12345" })).toBe("BSN12345");
    expect(serialOf({ ssn: "", msn: "Default string" })).toBeNull();
    expect(serialOf({ ssn: "SCZC1234ABCD", manufacturer: "HP" })).toBe("CZC1234ABCD");
    expect(serialOf({ ssn: "SCZC1234ABCD", manufacturer: "Dell Inc." })).toBe("SCZC1234ABCD");
  });
});

describe("UUID blacklist and forms", () => {
  it("lower-cases a real UUID and refuses placeholders and malformed values", () => {
    expect(usableUuid("4C4C4544-0034-3010-8048-B6C04F503732")).toBe("4c4c4544-0034-3010-8048-b6c04f503732");
    for (const bogus of [
      "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
      "03000200-0400-0500-0006-000700080009",
      "00000000-0000-0000-0000-000000000000",
      "not-a-uuid",
      "",
      "11111111-1111-1111-1111-111111111111",
    ]) {
      expect(usableUuid(bogus), bogus).toBeNull();
    }
  });

  it("gives the byte-swapped forms old dmidecode wrote", () => {
    expect(uuidVariants("44454c4c-3400-1030-8048-b6c04f503732")).toEqual([
      "44454c4c-3400-1030-8048-b6c04f503732",
      "4c4c4544-3400-1030-8048-b6c04f503732",
      "4c4c4544-0034-3010-8048-b6c04f503732",
    ]);
  });
});

describe("models, manufacturers and names", () => {
  it("drops placeholder models and manufacturers", () => {
    expect(usableModel("System Product Name")).toBeNull();
    expect(usableModel("All Series")).toBeNull();
    expect(usableModel("OptiPlex 7010")).toBe("OptiPlex 7010");
    expect(usableManufacturer("System manufacturer")).toBeNull();
    expect(usableManufacturer("Dell Inc.")).toBe("Dell Inc.");
  });

  it("compares host names without case or domain", () => {
    expect(nameKey("PC-CDI-01.lycee.local")).toBe("pc-cdi-01");
    expect(nameKey("  ")).toBeNull();
    expect(nameKey("localhost")).toBeNull();
  });
});

describe("software catalogue keys", () => {
  it("one application whatever the case, blanks or architecture suffix", () => {
    expect(softwareNameKey("Mozilla  Firefox (x64)")).toBe(softwareNameKey("mozilla firefox"));
    expect(softwareNameKey("LibreOffice 7.6")).not.toBe(softwareNameKey("LibreOffice"));
  });

  it("one publisher whatever its legal suffix", () => {
    expect(publisherKey("Microsoft Corporation")).toBe("microsoft");
    expect(publisherKey("Adobe Systems, Inc.")).toBe("adobe systems");
    expect(publisherKey("Mozilla")).toBe("mozilla");
    expect(publisherKey(null)).toBe("");
  });
});

describe("support coverage (seed 004 §7.4.1.1)", () => {
  it("covers Region-funded items, and own-funds items only once qualified", () => {
    expect(isSupported({ funding: "region_contract", isQualifiedByRegion: false })).toBe(true);
    expect(isSupported({ funding: "own_funds", isQualifiedByRegion: false })).toBe(false);
    expect(isSupported({ funding: "own_funds", isQualifiedByRegion: true })).toBe(true);
  });
});

describe("individual equipment (DOMAIN §5: lent to one person)", () => {
  it.each([
    ["laptop", "individual_programme", true],
    ["tablet", "individual_programme", true],
    ["desktop", "individual_programme", false],
    ["laptop", "region_contract", false],
    ["tablet", "own_funds", false],
    ["laptop", null, false],
  ] as const)("%s funded by %s → %s", (type, funding, expected) => {
    expect(isIndividualEquipment({ type, funding })).toBe(expected);
  });
});
