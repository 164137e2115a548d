import { describe, expect, it } from "vitest";
import { escapeIcsText, foldIcsLine, icsUtc, writeCalendar } from "./ics.ts";

const octets = (s: string) => new TextEncoder().encode(s).length;

describe("ICS writer (RFC 5545)", () => {
  it("escapes backslashes, semicolons, commas and newlines", () => {
    expect(escapeIcsText("a\\b;c,d\ne\r\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
  });

  it("writes instants in UTC basic format", () => {
    expect(icsUtc(new Date("2026-12-04T15:00:00.000Z"))).toBe("20261204T150000Z");
  });

  it("leaves a short line alone", () => {
    expect(foldIcsLine("SUMMARY:court")).toBe("SUMMARY:court");
  });

  it("folds at 75 octets without splitting a multi-byte character", () => {
    const line = `DESCRIPTION:${"é".repeat(100)}`;
    const folded = foldIcsLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(2);
    expect(octets(parts[0]!)).toBeLessThanOrEqual(75);
    for (const part of parts.slice(1)) {
      expect(part.startsWith(" ")).toBe(true);
      expect(octets(part)).toBeLessThanOrEqual(75);
    }
    // Unfolding (remove CRLF + one space) gives the line back, every "é" whole.
    expect(folded.replace(/\r\n /g, "")).toBe(line);
    expect(parts.every((p) => !p.includes("\uFFFD"))).toBe(true);
  });

  it("writes a calendar with CRLF line ends, stable UIDs and cancelled events", () => {
    const text = writeCalendar({
      name: "Agenda, de Claude",
      events: [
        {
          uid: "abc@relais",
          stamp: new Date("2026-12-01T08:00:00Z"),
          start: new Date("2026-12-04T08:00:00Z"),
          end: new Date("2026-12-04T09:30:00Z"),
          summary: "Visite; réseau, bâtiment B",
          location: "Lycée Victor-Hugo, Marseille",
          description: "Ligne 1\nLigne 2",
          cancelled: true,
        },
      ],
    });
    expect(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")).toBe(true);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    expect(text).toContain("UID:abc@relais\r\n");
    expect(text).toContain("DTSTART:20261204T080000Z\r\n");
    expect(text).toContain("DTEND:20261204T093000Z\r\n");
    expect(text).toContain("SUMMARY:Visite\\; réseau\\, bâtiment B\r\n");
    expect(text).toContain("DESCRIPTION:Ligne 1\\nLigne 2\r\n");
    expect(text).toContain("X-WR-CALNAME:Agenda\\, de Claude\r\n");
    expect(text).toContain("STATUS:CANCELLED\r\n");
    for (const line of text.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
  });
});
