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

test("a PACA zone technician sees only the lycées of their zone", async ({ page }) => {
  await logIn(page, "paca.technicien");
  await navigate(page, "Établissements");
  const count = page.getByText(/^\d+ établissements?$/);
  await expect(count).toBeVisible();
  const shown = Number((await count.innerText()).split(" ")[0]);
  expect(shown).toBeGreaterThanOrEqual(2);
  expect(shown).toBeLessThanOrEqual(4);
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
