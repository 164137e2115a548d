import { execFileSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";

/** The demo data `npm start` loads: every account shares this password (see the start banner). */
export const DEMO_PASSWORD = "Relais-Demo-2026!";
export const demoEmail = (local: string) => `${local}@demo.relais.test`;

export async function logIn(page: Page, local: string) {
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill(demoEmail(local));
  await page.getByLabel("Mot de passe", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

/**
 * An administrator's second factor, taken the way the README tells a newcomer to: from
 * `npx relais totp-code EMAIL` in another terminal (it reads no database, so it runs beside
 * the server holding the embedded one).
 */
export function totpCode(local: string): string {
  const root = new URL("../..", import.meta.url).pathname;
  const output = execFileSync("npm", ["run", "--silent", "relais", "--", "totp-code", demoEmail(local)], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const code = output.trim().split("\n").at(-1) ?? "";
  expect(code).toMatch(/^\d{6}$/);
  return code;
}

/**
 * Relais accepts each code once (replay protection), so two journeys logging the same
 * administrator in within one 30-second step would share a code: wait for the next one.
 * (The journeys run in one worker, one after the other, so this module's memory spans them.)
 */
const lastCodes = new Map<string, string>();

export async function logInAsAdministrator(page: Page, local: string) {
  await logIn(page, local);
  await expect(page.getByLabel("Code à 6 chiffres")).toBeVisible();
  let code = totpCode(local);
  while (code === lastCodes.get(local)) {
    await page.waitForTimeout(2_000);
    code = totpCode(local);
  }
  lastCodes.set(local, code);
  await page.getByLabel("Code à 6 chiffres").fill(code);
  await page.getByRole("button", { name: "Valider" }).click();
}

export async function logOut(page: Page) {
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page.getByRole("button", { name: "Se connecter" })).toBeVisible();
}

/** Follows a link of the main navigation (pages also link to each other from their content). */
export async function navigate(page: Page, name: string) {
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name, exact: true }).click();
}
