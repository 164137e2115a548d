import { expect, test } from "@playwright/test";
import { logIn, navigate } from "./helpers.ts";

test("a head of school goes from the lycée's estate to a mixed room, one of its computers and its tickets, then the reports", async ({ page }) => {
  await logIn(page, "idf.chef-etablissement");
  await expect(page.getByRole("heading", { name: "Bonjour Isabelle" })).toBeVisible();

  // The inventory lists the lycée's items; its name opens the estate overview.
  await navigate(page, "Inventaire");
  await page.getByRole("link", { name: "Lycée polyvalent Eugène Delacroix" }).first().click();
  await expect(page).toHaveURL(/\/inventaire\/etablissements\/0930119Z$/);
  await expect(page.getByRole("heading", { level: 1, name: "Parc de Lycée polyvalent Eugène Delacroix" })).toBeVisible();
  const rooms = page.getByRole("region", { name: "Salles de l'établissement" });
  await expect(rooms.getByRole("row", { name: /B04 — salle informatique.*Plusieurs modèles/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Équipements par type" }).getByRole("cell", { name: "Poste fixe" })).toBeVisible();

  // The room breaks the one-model rule: the view says so and lists its two models.
  await rooms.getByRole("link", { name: "B04 — salle informatique" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Salle B04 — salle informatique" })).toBeVisible();
  await expect(page.getByText("Plusieurs modèles", { exact: true })).toBeVisible();
  const models = page.getByRole("region", { name: "Modèles d'ordinateurs" });
  await expect(models.getByRole("listitem")).toHaveCount(2);

  // Its oldest computer: the desk's tickets about it and its history.
  await page.getByRole("link", { name: "B04-PC01", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "B04-PC01" })).toBeVisible();
  const tickets = page.getByRole("region", { name: /^Tickets liés/ });
  await expect(tickets.getByRole("link", { name: /^IDF-\d{4}-\d{6}$/ }).first()).toBeVisible();
  // The head reads the tickets; linking them is the desk's and the technicians' work.
  await expect(page.getByLabel("Lier un ticket")).toHaveCount(0);
  await expect(page.getByText(/Ticket lié IDF-/).first()).toBeVisible();
  // The ticket names, on its side, the items it is about.
  await tickets
    .getByRole("link", { name: /^IDF-\d{4}-\d{6}$/ })
    .first()
    .click();
  await expect(page.getByRole("region", { name: "Équipements concernés" }).getByRole("link", { name: "B04-PC01" })).toBeVisible();
  await page.getByRole("region", { name: "Équipements concernés" }).getByRole("link", { name: "B04-PC01" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "B04-PC01" })).toBeVisible();

  // The reports, from the inventory: the renewal list gives its reasons, the charts their tables.
  await page.getByRole("link", { name: "← Inventaire" }).click();
  await page.getByRole("link", { name: "Rapports", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Rapports d'inventaire" })).toBeVisible();
  const renewal = page.getByRole("region", { name: "Équipements à renouveler" });
  await expect(renewal.getByText("Hors garantie").first()).toBeVisible();
  await expect(renewal.getByText("Incidents fréquents").first()).toBeVisible();
  const homogeneity = page.getByRole("region", { name: "Homogénéité des salles" });
  await expect(homogeneity.getByRole("link", { name: /B04 — salle informatique/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Âge des vidéoprojecteurs par salle" }).getByRole("link", { name: /C10\d/ }).first()).toBeVisible();
  // A head sees their lycée only, even on the region's reports.
  await expect(page.getByRole("region", { name: "Équipements par établissement" }).getByRole("table").getByRole("link")).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Exporter « Équipements à renouveler » (CSV)" })).toHaveAttribute(
    "href",
    /\/api\/v1\/inventory\/reports\/renewal-candidates\?.*format=csv/,
  );
});
