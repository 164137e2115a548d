import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, demoEmail, logIn, logInAsAdministrator, logOut, navigate } from "./helpers.ts";

test("a head of school sees their lycée, its role holders, and nothing beyond it", async ({ page }) => {
  await logIn(page, "idf.chef-etablissement");
  await expect(page.getByRole("heading", { name: "Bonjour Isabelle" })).toBeVisible();
  await expect(page.getByText("Lycée polyvalent Eugène Delacroix").first()).toBeVisible();

  await navigate(page, "Établissements");
  await expect(page.getByText("1 établissement", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Lycée polyvalent Eugène Delacroix" }).click();
  await expect(page).toHaveURL(/\/etablissements\/0930119Z$/);
  await expect(page.getByRole("heading", { name: "Désignations" })).toBeVisible();

  // Another region's lycée is out of scope: the page says so, it does not leak the record.
  await page.goto("/etablissements/0130001F");
  await expect(page.getByText("Lycée polyvalent Eugène Delacroix")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).not.toContainText("0130001F");
});

test("a wrong password is refused in French and the form keeps the e-mail", async ({ page }) => {
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill(demoEmail("idf.chef-etablissement"));
  await page.getByLabel("Mot de passe", { exact: true }).fill(`${DEMO_PASSWORD}x`);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("alert")).toContainText(/incorrect/i);
  await expect(page.getByLabel("Adresse e-mail")).toHaveValue(demoEmail("idf.chef-etablissement"));
});

test("a PACA zone technician sees the lycées of their zone, and beyond it only those where they hold a role", async ({ page }) => {
  // The demo data guarantees his zone (the showcase lycée's: 2 to 4 lycées, the Rempart among them). Other journeys may
  // name him at lycées outside it (the inventory journey does, at one of Barcelonnette), which his directory then lists
  // too: so those are read from his own roles, and the journey holds whatever ran before it.
  await logIn(page, "paca.technicien");
  const zone = page.getByRole("region", { name: /^Les établissements de votre zone : / });
  await expect(zone.getByRole("link", { name: "Lycée polyvalent du Rempart" })).toBeVisible();
  const zoneSchools = await zone.getByRole("link").allInnerTexts();
  expect(zoneSchools.length).toBeGreaterThanOrEqual(2);
  expect(zoneSchools.length).toBeLessThanOrEqual(4);
  await expect(zone.getByText(`${zoneSchools.length} établissements`, { exact: true })).toBeVisible();

  await page.goto("/mon-compte");
  const roles = page.getByRole("region", { name: "Mes rôles" }).getByRole("listitem");
  await expect(roles.first()).toBeVisible();
  // Each role reads "Rôle — where", then its period on the next line.
  const roleScopes = (await roles.allInnerTexts()).map((text) => (text.split("\n")[0] ?? "").split(" — ").slice(1).join(" — ").trim());

  await navigate(page, "Établissements");
  const count = page.getByText(/^\d+ établissements?$/);
  await expect(count).toBeVisible();
  const listed = await page.getByRole("table", { name: "Liste des établissements" }).getByRole("rowheader").allInnerTexts();
  expect(Number((await count.innerText()).split(" ")[0])).toBe(listed.length);
  for (const school of zoneSchools) expect(listed).toContain(school);
  const beyondZone = listed.filter((school) => !zoneSchools.includes(school));
  for (const school of beyondZone) expect(roleScopes).toContain(school);
  await logOut(page);
});

test("a region administrator passes two-factor authentication and searches the whole region", async ({ page }) => {
  // Another administrator than the audit journey's: a TOTP code is accepted once only.
  await logInAsAdministrator(page, "paca.admin");
  await navigate(page, "Établissements");
  await expect(page.getByText(/^\d{3} établissements$/)).toBeVisible();
  await page.getByLabel("Rechercher un établissement").fill("0130049H");
  await expect(page.getByText("1 établissement", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Lycée polyvalent du Rempart" })).toBeVisible();
});
