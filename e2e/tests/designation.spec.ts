import { expect, test } from "@playwright/test";
import { logIn, logInAsAdministrator, logOut, navigate } from "./helpers.ts";

/**
 * The foundation's whole path, browser → API → database → browser: a head designates the
 * digital coordinator for the school year (DOMAIN: the head designates the coordinator, one
 * holder per school), the single-holder rule asks before replacing, and the Region's
 * administrator finds the change in the audit log.
 */
test("a head replaces the coordinator, and the region administrator sees it in the audit log", async ({ page }) => {
  await logIn(page, "idf.chef-etablissement");
  await navigate(page, "Établissements");
  await page.getByRole("link", { name: "Lycée polyvalent Eugène Delacroix" }).click();

  const holders = page.getByRole("region", { name: "Désignations" });
  await expect(holders.getByText("Théo Bailly", { exact: true })).toBeVisible();

  await holders.getByRole("button", { name: "Désigner" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("combobox", { name: "Rôle" }).selectOption({ label: "Coordonnateur numérique" });
  await dialog.getByLabel("Une nouvelle personne").check();
  await dialog.getByLabel("Adresse e-mail").fill("camille.nouvel@lycee-delacroix.example.fr");
  await dialog.getByLabel("Prénom").fill("Camille");
  await dialog.getByLabel("Nom", { exact: true }).fill("Nouvel");
  await dialog.getByRole("button", { name: "Désigner" }).click();

  // The role has a holder already: Relais says who, and waits for the head to confirm.
  await expect(dialog.getByText("Ce rôle est déjà pourvu")).toBeVisible();
  await expect(dialog.getByText(/Théo Bailly/)).toBeVisible();
  await dialog.getByRole("button", { name: "Remplacer" }).click();
  await expect(dialog).toBeHidden();

  await expect(holders.getByText("Camille Nouvel", { exact: true })).toBeVisible();
  await expect(holders.getByText("Théo Bailly", { exact: true })).toHaveCount(0);
  await logOut(page);

  await logInAsAdministrator(page, "idf.admin");
  await navigate(page, "Journal d'audit");
  await page.getByLabel("Action").fill("role.");
  const byHead = page.getByRole("row").filter({ hasText: "Isabelle Fontaine" });
  await expect(byHead.filter({ hasText: "role.ended" })).toHaveCount(1);
  await expect(byHead.filter({ hasText: "role.assigned" })).toHaveCount(1);
  await page.getByRole("button", { name: "Afficher le détail de Désignation" }).click();
  // The detail reads field by field, in words: "Rôle — Coordonnateur numérique".
  await expect(page.getByRole("row", { name: "Rôle — Coordonnateur numérique", exact: true })).toBeVisible();
  await expect(page.getByRole("row", { name: "Personne — Camille Nouvel", exact: true })).toBeVisible();
});

test("a head who ends a designation keeps its history and frees the role", async ({ page }) => {
  await logIn(page, "paca.chef-etablissement");
  await navigate(page, "Établissements");
  await page.getByRole("table").getByRole("link").first().click();
  const holders = page.getByRole("region", { name: "Désignations" });
  const end = holders.getByRole("button", { name: /Mettre fin à la désignation de Chloé Weber/ });
  await end.click();
  await page.getByRole("dialog").getByRole("button", { name: "Mettre fin" }).click();
  await expect(holders.getByText("Chloé Weber", { exact: true })).toHaveCount(0);
});
