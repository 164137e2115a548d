import { expect, type Page, test } from "@playwright/test";
import { logIn, logInAsAdministrator, logOut } from "./helpers.ts";

/**
 * The equipment plan from cart to approval (issue 5): the head of a lycée sees the envelope and
 * its calculation, builds a cart from the Region's catalogue with the remaining envelope in view,
 * validates it for the Region, and the Region's administrator approves it from the review queue.
 */
async function pickEquipmentPlan(page: Page) {
  await page.getByRole("link", { name: "Campagnes" }).first().click();
  const picker = page.getByRole("combobox", { name: "Campagne" });
  await picker.click();
  await page.getByRole("option", { name: /Plan d'équipement/ }).click();
  await expect(picker).toHaveValue(/Plan d'équipement/);
}

test("a head builds an equipment cart within the envelope and validates it; the Region approves it", async ({ page }) => {
  await logIn(page, "idf.chef-etablissement");
  await pickEquipmentPlan(page);
  // The envelope and its calculation, line by line.
  await expect(page.getByRole("table", { name: "Calcul de l'enveloppe" }).first()).toBeVisible();

  const orders = page.getByRole("region", { name: "Paniers et commandes" }).first();
  await orders.getByRole("button", { name: "Nouveau panier" }).click();
  const cart = page.getByRole("region", { name: "Panier" });
  await expect(cart).toBeVisible();
  await cart.getByRole("combobox", { name: "Article" }).click();
  await page.getByRole("option", { name: /Poste fixe bureautique/ }).click();
  await cart.getByRole("textbox", { name: "Quantité" }).fill("3");
  await cart.getByRole("button", { name: "Ajouter" }).click();
  await expect(cart.getByRole("table", { name: "Lignes" })).toContainText("Poste fixe bureautique");
  await expect(cart.getByRole("table", { name: "Lignes" })).toContainText("2 160,00");
  await cart.getByRole("button", { name: "Valider la commande pour la Région" }).click();
  await expect(page.getByText("Commande validée et transmise à la Région.")).toBeVisible();
  await logOut(page);

  await logInAsAdministrator(page, "idf.admin");
  await pickEquipmentPlan(page);
  const queue = page.getByRole("region", { name: "Commandes à examiner" });
  const row = queue.getByRole("row").filter({ hasText: "Eugène Delacroix" });
  await expect(row).toContainText("2 160,00");
  await row.getByRole("button", { name: "Approuver" }).click();
  await expect(page.getByText("Décision enregistrée.")).toBeVisible();
  await expect(queue.getByRole("row").filter({ hasText: "Eugène Delacroix" })).toHaveCount(0);
});
