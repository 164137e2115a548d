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

test("the Region adjusts a line with a reason and approves; the school reads the change", async ({ page }) => {
  await logIn(page, "idf.chef-etablissement");
  await pickEquipmentPlan(page);
  const orders = page.getByRole("region", { name: "Paniers et commandes" }).first();
  await orders.getByRole("button", { name: "Nouveau panier" }).click();
  const cart = page.getByRole("region", { name: "Panier" });
  for (const [item, quantity] of [
    [/Poste fixe bureautique/, "4"],
    [/Écran numérique interactif/, "1"],
  ] as const) {
    await cart.getByRole("combobox", { name: "Article" }).click();
    await page.getByRole("option", { name: item }).click();
    await cart.getByRole("textbox", { name: "Quantité" }).fill(quantity);
    await cart.getByRole("button", { name: "Ajouter" }).click();
    await expect(cart.getByRole("table", { name: "Lignes" })).toContainText(item);
  }
  await cart.getByRole("button", { name: "Valider la commande pour la Région" }).click();
  await expect(page.getByText("Commande validée et transmise à la Région.")).toBeVisible();
  await logOut(page);

  await logInAsAdministrator(page, "idf.admin");
  await pickEquipmentPlan(page);
  const queue = page.getByRole("region", { name: "Commandes à examiner" });
  await queue.getByRole("row").filter({ hasText: "Eugène Delacroix" }).getByRole("button", { name: "Examiner" }).click();
  const review = page.getByRole("region", { name: /Examen de la commande/ });
  // The envelope left stays in view, and follows the adjustments.
  await expect(review.getByRole("status")).toContainText("Reste actuel de l'enveloppe");
  await review.getByRole("textbox", { name: /Nouvelle quantité — Poste fixe/ }).fill("3");
  await review.getByRole("button", { name: /Retirer la ligne « Écran numérique/ }).click();
  // No approval without a reason for each changed line.
  const approve = review.getByRole("button", { name: "Approuver avec les ajustements" });
  await expect(approve).toBeDisabled();
  await review.getByRole("textbox", { name: /Motif de l'ajustement — Poste fixe/ }).fill("Trois postes suffisent pour la salle 12");
  await review.getByRole("textbox", { name: /Motif de l'ajustement — Écran numérique/ }).fill("Écran déjà installé par la Région cette année");
  await expect(review.getByRole("status")).toContainText("Reste après ces ajustements");
  await approve.click();
  await expect(page.getByText("Décision enregistrée.")).toBeVisible();
  await expect(queue.getByRole("row").filter({ hasText: "Eugène Delacroix" })).toHaveCount(0);
  await logOut(page);

  await logIn(page, "idf.chef-etablissement");
  await pickEquipmentPlan(page);
  // The first journey's order is one line of 2 160 €; this one keeps its two lines (one removed, at zero) for 2 160 €.
  const approved = page.getByRole("row").filter({ hasText: "Approuvée par la Région" }).filter({ hasText: "2 ligne(s)" }).filter({ hasText: "2 160,00" });
  await approved.getByRole("button", { name: "Ouvrir" }).click();
  const lines = page.getByRole("region", { name: "Panier" }).getByRole("table", { name: "Lignes" });
  await expect(lines).toContainText("validé : 4 × 720,00");
  await expect(lines).toContainText("Trois postes suffisent pour la salle 12");
  await expect(lines).toContainText("Ligne retirée par la Région");
});
