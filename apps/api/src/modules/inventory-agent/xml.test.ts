import { describe, expect, it } from "vitest";
import { parseXml, XmlError, xmlReply } from "./xml.ts";

describe("the agent XML reader", () => {
  it("reads elements into strings, objects and arrays for repeated children", () => {
    const doc = parseXml(`<?xml version="1.0" encoding="UTF-8" ?>
      <REQUEST><CONTENT><SOFTWARES><NAME>a</NAME></SOFTWARES><SOFTWARES><NAME>b</NAME></SOFTWARES><BIOS><SSN></SSN></BIOS><CPUS><NAME>x</NAME></CPUS></CONTENT><QUERY>INVENTORY</QUERY></REQUEST>`);
    expect(doc).toEqual({ REQUEST: { CONTENT: { SOFTWARES: [{ NAME: "a" }, { NAME: "b" }], BIOS: { SSN: "" }, CPUS: { NAME: "x" } }, QUERY: "INVENTORY" } });
  });

  it("decodes the predefined entities, character references and CDATA", () => {
    expect(parseXml("<A>&lt;b&gt; &amp; &quot;c&quot; &#233;&#xE9;<![CDATA[<raw & text>]]></A>")).toEqual({ A: '<b> & "c" éé<raw & text>' });
  });

  it("reads a closing tag written with blanks, and tells apart names that begin alike", () => {
    expect(parseXml("<NAMES><NAME>a</NAME ><NAMEX>b</NAMEX></NAMES >")).toEqual({ NAMES: { NAME: "a", NAMEX: "b" } });
    expect(() => parseXml("<NAME>a</NAMEX>")).toThrow(/inattendue/);
  });

  it("ignores comments, attributes and self-closing tags", () => {
    expect(parseXml("<!-- hi --><A x=\"1>2\"><B/><C y='z'>t</C></A>")).toEqual({ A: { B: "", C: "t" } });
  });

  it.each([
    ['<!DOCTYPE a [<!ENTITY x "y">]><A>&x;</A>', "DOCTYPE"],
    ["<A>&x;</A>", "Entité"],
    // A name an object inherits is no entity either.
    ["<A>&constructor;</A>", "Entité"],
    ["<A>&abcdefghijklm;</A>", "échappé"],
    ["<A>a & b</A>", "échappé"],
    ["<A><B></A>", "inattendue"],
    ["<A>", "tronqué"],
    ["", "vide"],
    ["<A></A><B></B>", "racine"],
    ["text", "tronqué"],
    ["<A>&#0;</A>", "caractère"],
    [`${"<A>".repeat(100)}${"</A>".repeat(100)}`, "imbriqué"],
  ])("refuses %j", (input, message) => {
    expect(() => parseXml(input)).toThrow(XmlError);
    expect(() => parseXml(input)).toThrow(new RegExp(message, "i"));
  });

  it("writes replies with escaped values", () => {
    expect(xmlReply({ RESPONSE: "SEND", PROLOG_FREQ: 24 })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<REPLY><RESPONSE>SEND</RESPONSE><PROLOG_FREQ>24</PROLOG_FREQ></REPLY>\n',
    );
    expect(xmlReply({ ERROR: "a < b & c" })).toContain("<ERROR>a &lt; b &amp; c</ERROR>");
  });
});
