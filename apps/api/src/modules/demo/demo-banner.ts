import { roleLabel } from "@relais/shared/roles";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_REGIONS, type DemoAccount, hasDemoTotp } from "./demo-accounts.ts";

/** The demo accounts as text lines, grouped by region: what `npm start` and `relais demo` print. */
export function demoAccountLines(): string[] {
  const groups: { title: string; accounts: DemoAccount[] }[] = [
    { title: "Plateforme", accounts: DEMO_ACCOUNTS.filter((a) => a.region === null) },
    { title: `${DEMO_REGIONS.idf.name} (infogérance : centre de services et prestataires)`, accounts: DEMO_ACCOUNTS.filter((a) => a.region === "idf") },
    { title: `${DEMO_REGIONS.paca.name} (techniciens régionaux par secteur et zone)`, accounts: DEMO_ACCOUNTS.filter((a) => a.region === "paca") },
  ];
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => roleLabel(a.role).length));
  const emailWidth = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length));
  const lines = [`Mot de passe de tous les comptes : ${DEMO_PASSWORD}`, ""];
  for (const group of groups) {
    lines.push(`  ${group.title}`);
    for (const a of group.accounts) {
      const extras = [hasDemoTotp(a) ? "2FA" : null, a.note ?? null].filter(Boolean).join(" · ");
      lines.push(`    ${roleLabel(a.role).padEnd(width)}  ${a.email.padEnd(emailWidth)}${extras ? `  ${extras}` : ""}`.trimEnd());
    }
    lines.push("");
  }
  lines.push(
    "Double authentification (comptes marqués 2FA, rôles d'administration) : au moment où Relais",
    "demande le code à 6 chiffres, obtenez-le dans un autre terminal avec",
    "    npx relais totp-code <e-mail>",
    "(ou ajoutez le compte à une application TOTP avec le secret de démonstration de demo-accounts.ts).",
  );
  return lines;
}

/** Printed once the server listens: where to go, and how to log in. */
export function demoBanner(url: string): string {
  const rule = "─".repeat(78);
  return [
    "",
    rule,
    "  Relais — démonstration",
    "",
    `  Application         ${url}`,
    `  Documentation API   ${url}/api/docs`,
    "",
    ...demoAccountLines().map((line) => (line ? `  ${line}` : "")),
    "",
    "  Les comptes de démonstration ne fonctionnent qu'en mode démonstration (npm start).",
    "  Arrêt : Ctrl+C.",
    rule,
    "",
  ].join("\n");
}
