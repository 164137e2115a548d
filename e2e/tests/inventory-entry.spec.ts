import { expect, test } from "@playwright/test";
import { logIn, logInAsAdministrator, logOut, navigate } from "./helpers.ts";

/** Picks an option of a Mantine Select by its label (the listbox opens on click). */
async function choose(page: import("@playwright/test").Page, label: string, option: string) {
  await page.getByRole("combobox", { name: label, exact: true }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

test("the Region's service head enters a projector by hand, corrects it, then imports a spreadsheet fixed after its check", async ({ page, context }) => {
  await logIn(page, "idf.chef-service");
  await expect(page.getByRole("heading", { name: "Bonjour Nathalie" })).toBeVisible();

  // From the lycée's estate: a room first, then a projector in it.
  await navigate(page, "Inventaire");
  await page.goto("/inventaire/etablissements/0930119Z");
  const newRoom = page.getByRole("region", { name: "Nouvelle salle" });
  await newRoom.getByLabel("Nom de la salle").fill("D201");
  await newRoom.getByLabel("Bâtiment").fill("D");
  await newRoom.getByLabel("Étage").fill("2");
  await newRoom.getByRole("button", { name: "Créer la salle" }).click();
  await expect(page.getByText("Salle D201 créée.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Salles de l'établissement" }).getByRole("link", { name: "D201" })).toBeVisible();

  await page.getByRole("link", { name: "Nouvel équipement" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nouvel équipement" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Établissement" })).toHaveValue("Lycée polyvalent Eugène Delacroix (0930119Z)");
  await choose(page, "Salle", "D201 — D · 2 (Salle de classe)");
  await expect(page.getByRole("combobox", { name: "Type", exact: true })).toHaveValue("Vidéoprojecteur");
  await page.getByLabel("Nom", { exact: true }).fill("VP-D201");
  await page.getByLabel("Fabricant").fill("Epson");
  await page.getByLabel("Modèle").fill("EB-L210W");
  await page.getByLabel("Numéro de série").fill("X5JK009876");
  await choose(page, "Financement", "Fonds propres de l'établissement");
  // Bought on the school's own funds: the Region's qualification is asked for.
  await page.getByLabel("Qualifié par la Région").check();
  await page.getByLabel("Acquis le").fill("2026-09-01");
  await page.getByLabel("Fin de garantie").fill("2026-08-01");
  await page.getByRole("button", { name: "Créer l'équipement" }).click();
  await expect(page.getByText("La garantie ne peut finir avant l'achat.")).toBeVisible();
  await page.getByLabel("Fin de garantie").fill("2031-09-01");
  await page.getByRole("button", { name: "Créer l'équipement" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "VP-D201" })).toBeVisible();
  await expect(page.getByText("Pris en charge", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "D201" })).toBeVisible();

  // Two people edit it at once: the second save is refused, said in French, and offers to reload.
  const other = await context.newPage();
  await other.goto(page.url());
  await page.getByRole("button", { name: "Modifier" }).click();
  await page.getByRole("dialog").getByLabel("Fournisseur").fill("UGAP");
  await other.getByRole("button", { name: "Modifier" }).click();
  await other.getByRole("dialog").getByLabel("Numéro d'inventaire").fill("INV-2026-0042");
  await other.getByRole("dialog").getByRole("button", { name: "Enregistrer" }).click();
  await expect(other.getByText("INV-2026-0042")).toBeVisible();
  await other.close();
  await page.getByRole("dialog").getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("modifié entre-temps");
  await page.getByRole("button", { name: "Recharger la fiche" }).click();
  await expect(page.getByText("INV-2026-0042")).toBeVisible();
  await page.getByRole("button", { name: "Modifier" }).click();
  await page.getByRole("dialog").getByLabel("Fournisseur").fill("UGAP");
  await page.getByRole("dialog").getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByText("Équipement enregistré.")).toBeVisible();
  await expect(page.getByText("UGAP", { exact: true })).toBeVisible();

  // The import: checked first; one broken line stops the whole file, then the fixed file goes in.
  await page.getByRole("link", { name: "← Inventaire" }).click();
  await page.getByRole("link", { name: "Importer", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Importer des équipements" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Télécharger le modèle CSV" })).toHaveAttribute("download", "modele-import-equipements.csv");
  const csv = page.getByLabel("Ou collez le contenu CSV (séparateur ;)");
  await csv.fill("uai;type;nom;statut;date_achat\n0930119Z;Commutateur;SW-D2;En service;2026-03-01\n0930119Z;Onduleur;UPS-D2;;31/02/2026\n");
  await page.getByRole("button", { name: "Vérifier sans importer" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Rien n'a été importé" })).toBeVisible();
  await expect(page.getByRole("row", { name: /3 date_achat Date invalide/ })).toBeVisible();
  await csv.fill("uai;type;nom;statut;date_achat\n0930119Z;Commutateur;SW-D2;En service;2026-03-01\n0930119Z;Onduleur;UPS-D2;;28/02/2026\n");
  await page.getByRole("button", { name: "Vérifier sans importer" }).click();
  await expect(page.getByText("2 ligne(s) vérifiée(s), aucune erreur.")).toBeVisible();
  await page.getByRole("button", { name: "Importer", exact: true }).click();
  const done = page.getByRole("status").filter({ hasText: "2 équipement(s) importé(s)." }).last();
  await expect(done).toBeVisible();
  await done.getByRole("link", { name: "Parc de l'établissement 0930119Z" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Parc de Lycée polyvalent Eugène Delacroix" })).toBeVisible();

  // The imported items are in the list, found by name.
  await page.goto("/inventaire?q=UPS-D2");
  await page.getByRole("link", { name: "UPS-D2" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "UPS-D2" })).toBeVisible();
});

test("a head of school reads the inventory but is offered no entry, edit, room or import", async ({ page }) => {
  await logIn(page, "idf.chef-etablissement");
  await expect(page.getByRole("heading", { name: "Bonjour Isabelle" })).toBeVisible();
  await navigate(page, "Inventaire");
  await expect(page.getByRole("heading", { level: 1, name: "Inventaire du parc" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Nouvel équipement" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Importer", exact: true })).toHaveCount(0);
  await page.goto("/inventaire/etablissements/0930119Z");
  await expect(page.getByRole("heading", { level: 1, name: "Parc de Lycée polyvalent Eugène Delacroix" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Nouvelle salle" })).toHaveCount(0);
  await page.goto("/inventaire/import");
  await expect(page.getByRole("heading", { level: 1, name: "Importer des équipements" })).toHaveCount(0);
});

test("a region administrator raises one class's recycling cost, the total cost follows, and the class goes back to its default", async ({ page }) => {
  await logInAsAdministrator(page, "paca.admin");
  await expect(page.getByRole("heading", { name: "Bonjour Valérie" })).toBeVisible();
  await navigate(page, "Inventaire");
  await page.getByRole("link", { name: "Rapports", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Rapports d'inventaire" })).toBeVisible();

  const report = page.getByRole("region", { name: "Coût global de possession par classe" });
  const desktops = report.getByRole("row").filter({ has: page.getByRole("cell", { name: /^Poste fixe/ }) });
  const recyclingCell = desktops.getByRole("cell").nth(7);
  await expect(desktops.getByRole("cell").first()).toContainText("recyclage 15 €");
  const count = Number((await desktops.getByRole("cell").nth(1).innerText()).replace(/\D/g, ""));
  expect(count).toBeGreaterThan(0);
  const digits = (text: string) => text.replace(/\D/g, "");
  expect(digits(await recyclingCell.innerText())).toBe(String(count * 15));

  // The table of class costs: one row per class, each input named by its column and class.
  const settings = page.getByRole("region", { name: "Paramètres des rapports de la Région" });
  const costs = settings.getByRole("region", { name: "Coûts par classe d'équipement" });
  const desktopRow = costs.getByRole("row", { name: /^Poste fixe/ });
  await expect(desktopRow.getByText("Par défaut", { exact: true })).toBeVisible();
  const recycling = costs.getByLabel("Recyclage DEEE — Poste fixe");
  await expect(recycling).toHaveValue("15 €");
  await recycling.fill("40");
  await expect(costs.getByText("Par défaut : 15 €")).toBeVisible();
  await expect(desktopRow.getByText("Modifié")).toBeVisible();
  // An emptied field is refused before anything is sent.
  await costs.getByLabel("Déploiement (minutes) — Serveur").fill("");
  await settings.getByRole("button", { name: "Enregistrer" }).click();
  await expect(settings.getByRole("alert")).toHaveText("Corrigez les valeurs signalées avant d'enregistrer.");
  await expect(costs.getByText("Indiquez une valeur.")).toBeVisible();
  await costs.getByRole("button", { name: "Revenir aux valeurs par défaut pour Serveur : 5 000 €, 480 min, 50 €" }).click();
  await expect(costs.getByLabel("Déploiement (minutes) — Serveur")).toHaveValue("480 min");
  await settings.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByText("Paramètres enregistrés : les rapports sont recalculés.")).toBeVisible();

  // The report is computed again with 40 € per desktop recycled.
  await expect(desktops.getByRole("cell").first()).toContainText("recyclage 40 €");
  await expect.poll(async () => digits(await recyclingCell.innerText())).toBe(String(count * 40));

  // Back to the default: the class follows the defaults again, and the report with it.
  await page.reload();
  await expect(costs.getByLabel("Recyclage DEEE — Poste fixe")).toHaveValue("40 €");
  await costs.getByRole("button", { name: /^Revenir aux valeurs par défaut pour Poste fixe/ }).click();
  await expect(costs.getByLabel("Recyclage DEEE — Poste fixe")).toHaveValue("15 €");
  await expect(costs.getByRole("button", { name: "Tout revenir aux valeurs par défaut" })).toBeDisabled();
  await settings.getByRole("button", { name: "Enregistrer" }).click();
  await expect(desktops.getByRole("cell").first()).toContainText("recyclage 15 €");
  await expect.poll(async () => digits(await recyclingCell.innerText())).toBe(String(count * 15));
});

test("a zone technician who also reads another lycée's inventory is offered entry only in the lycées of their zone", async ({ page }) => {
  // The Region names Malik Bonifay, STIL technician of the Marseille zone, digital referent of a lycée of Barcelonnette:
  // he reads its inventory there (asset.read) but keeps only his zone's (asset.write).
  await logInAsAdministrator(page, "paca.admin");
  await expect(page.getByRole("heading", { name: "Bonjour Valérie" })).toBeVisible();
  await page.goto("/etablissements/0040003G");
  const holders = page.getByRole("region", { name: "Désignations" });
  await holders.getByRole("button", { name: "Désigner" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("combobox", { name: "Rôle" }).selectOption({ label: "Référent numérique" });
  await dialog.getByLabel("Une personne déjà connue").check();
  await dialog.getByRole("combobox", { name: "Personne existante" }).fill("paca.technicien");
  await page.getByRole("option", { name: "Bonifay Malik — paca.technicien@demo.relais.test" }).click();
  await dialog.getByRole("button", { name: "Désigner" }).click();
  await expect(dialog).toBeHidden();
  await expect(holders.getByText("Malik Bonifay", { exact: true })).toBeVisible();
  await logOut(page);

  await logIn(page, "paca.technicien");
  await expect(page.getByRole("heading", { name: "Bonjour Malik" })).toBeVisible();
  await page.goto("/inventaire/etablissements/0040003G");
  await expect(page.getByRole("heading", { level: 1, name: /^Parc de / })).toBeVisible();
  await expect(page.getByRole("link", { name: "Tous ses équipements" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Nouvel équipement" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Nouvelle salle" })).toHaveCount(0);

  // In the lycée of his zone, entry is offered.
  await page.goto("/inventaire/etablissements/0130049H");
  await expect(page.getByRole("heading", { level: 1, name: "Parc de Lycée polyvalent du Rempart" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Nouvel équipement" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Nouvelle salle" })).toBeVisible();
});
