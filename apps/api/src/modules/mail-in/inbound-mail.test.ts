import { computeUaiCheckLetter } from "@relais/shared/uai";
import { describe, expect, it } from "vitest";
import { cleanSubject, derivedMessageId, readInboundMail, statedUrgency, stripQuotedHistory, ticketNumbersIn, uaisIn } from "./inbound-mail.ts";

describe("ticket numbers in a mail", () => {
  it("finds this region's numbers in order, once each, whatever the case, and not another region's", () => {
    const text = "Re: [IDF-2026-000123] Panne — voir aussi idf-2026-000007 et IDF-2026-000123, pas PACA-2026-000001 ni XIDF-2026-000002 ni IDF-2026-0000011";
    expect(ticketNumbersIn(text, "idf")).toEqual(["IDF-2026-000123", "IDF-2026-000007"]);
    expect(ticketNumbersIn(text, "paca")).toEqual(["PACA-2026-000001"]);
    expect(ticketNumbersIn("rien", "idf")).toEqual([]);
  });
});

describe("UAIs in a mail", () => {
  it("keeps only UAIs whose check letter is right", () => {
    const good = `0750001${computeUaiCheckLetter("0750001")}`;
    const wrongLetter = `0750001${computeUaiCheckLetter("0750001") === "A" ? "B" : "A"}`;
    expect(uaisIn(`Panne au ${good.toLowerCase()} (et pas au ${wrongLetter} ni 12345678X)`)).toEqual([good]);
  });
});

describe("a reply's own words", () => {
  it("cuts the quoted history at the French and English reply headers and drops quoted lines", () => {
    expect(stripQuotedHistory("Merci, c'est réparé.\n\nLe lun. 23 nov. 2026 à 10:00, Relais <r@x.fr> a écrit :\n> Ticket IDF-2026-000001")).toBe(
      "Merci, c'est réparé.",
    );
    expect(stripQuotedHistory("Toujours en panne.\n\nLe lun. 23 nov. 2026 à 10:00, Relais\n<r@x.fr> a écrit :\n> texte")).toBe("Toujours en panne.");
    expect(stripQuotedHistory("Fixed.\n\nOn Mon, Nov 23, 2026 at 10:00 AM Relais <r@x.fr> wrote:\n> text")).toBe("Fixed.");
    expect(stripQuotedHistory("Vu.\n\n-----Message d'origine-----\nDe : Relais\nObjet : x")).toBe("Vu.");
    expect(stripQuotedHistory("Vu.\n\nDe : Relais <r@x.fr>\nEnvoyé : lundi 23 novembre 2026 10:00\nÀ : moi\nObjet : x\n\nTexte")).toBe("Vu.");
    expect(stripQuotedHistory("Ligne 1\n> cité\nLigne 2")).toBe("Ligne 1\nLigne 2");
  });

  it("keeps the whole text rather than nothing", () => {
    expect(stripQuotedHistory("> tout est cité")).toBe("> tout est cité");
  });
});

describe("the urgency a correspondent states (seed 003: bas, moyen, très haut)", () => {
  it("reads the three levels and their usual spellings, and nothing when none is stated", () => {
    expect(statedUrgency("Panne réseau — Urgence : très haut")).toBe("very_high");
    expect(statedUrgency("Niveau d'urgence : TRÈS HAUTE\nTout le lycée est coupé.")).toBe("very_high");
    expect(statedUrgency("criticité: critique")).toBe("very_high");
    expect(statedUrgency("Urgence moyenne")).toBe("medium");
    expect(statedUrgency("urgence = bas")).toBe("low");
    expect(statedUrgency("Urgence : basse, rien ne presse")).toBe("low");
    expect(statedUrgency("Ce n'est pas une urgence")).toBeNull();
    expect(statedUrgency("L'imprimante est en panne.")).toBeNull();
  });
});

describe("subjects", () => {
  it("drops stacked reply and forward prefixes", () => {
    expect(cleanSubject("RE: TR: Fwd: Re[2]: Imprimante")).toBe("Imprimante");
    expect(cleanSubject("Réseau : coupure")).toBe("Réseau : coupure");
  });
});

describe("reading a raw mail", () => {
  it("reads sender, subject, text and files, and derives a stable Message-ID from the bytes when there is none", async () => {
    const raw = Buffer.from(
      'From: "Claire Martin" <Claire.Martin@Lycee.test>\r\nSubject: =?UTF-8?B?w4ljcmFu?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour\r\n--b\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Disposition: attachment; filename="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n',
    );
    const mail = await readInboundMail(raw);
    expect(mail).toMatchObject({ from: "claire.martin@lycee.test", fromName: "Claire Martin", subject: "Écran", malformed: null, automatic: null });
    expect(mail.text.trim()).toBe("Bonjour");
    expect(mail.attachments.map((a) => [a.fileName, a.contentType, a.bytes.toString()])).toEqual([["a.pdf", "application/pdf", "%PDF-"]]);
    expect(mail.messageId).toBe(derivedMessageId(raw));
    expect((await readInboundMail(Buffer.from(raw))).messageId).toBe(mail.messageId);
  });

  it("tells automatic mail from a person's", async () => {
    const mail = (headers: string) => readInboundMail(Buffer.from(`From: a@b.test\r\nMessage-ID: <1@b>\r\n${headers}Subject: x\r\n\r\ntexte\r\n`));
    expect((await mail("Auto-Submitted: no\r\n")).automatic).toBeNull();
    expect((await mail("Auto-Submitted: auto-generated\r\n")).automatic).toContain("Auto-Submitted");
    expect((await mail("Precedence: list\r\n")).automatic).toContain("Precedence: list");
    expect((await mail("Return-Path: <>\r\n")).automatic).toContain("enveloppe vide");
    expect((await mail("X-Autorespond: yes\r\n")).automatic).toContain("X-Autoreply");
  });
});
