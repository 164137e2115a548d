import { expect, test } from "@playwright/test";
import { logIn, logInAsAdministrator, logOut, navigate } from "./helpers.ts";

/**
 * The school's side of a campaign (issue 5): a mobile equipment project filed by the head,
 * the académie's opinion, then the Region's decision, after which mobile items go in the cart;
 * a teacher-licence request for references the school bought, answered by the Region; servers
 * sent from the catalogue to an evolution request.
 */
const SCHOOL = "Lycée polyvalent Eugène Delacroix";

test("a mobile project goes from the head to the académie and the Region, then the laptops go in the cart", async ({ page }) => {
  await logIn(page, "idf.chef-etablissement");
  await navigate(page, "Projets mobiles");
  await expect(page.getByRole("heading", { name: "Projets d'équipement mobile", level: 1 })).toBeVisible();
  const form = page.getByRole("region", { name: `Déposer le projet pédagogique — ${SCHOOL}` });
  // The school's Wi-Fi goes with the project: the validators' first criterion.
  await expect(form.getByText(/Wi-Fi de l'établissement selon sa fiche/)).toBeVisible();
  await form.getByLabel("Intitulé du projet").fill("Classe mobile de SNT en seconde");
  await form.getByLabel("Projet pédagogique").fill("Deux classes de seconde travaillent en SNT sur ordinateurs portables, au CDI couvert par le Wi-Fi.");
  await form.getByLabel("Équipements envisagés").fill("12");
  await form.getByRole("button", { name: "Déposer le projet" }).click();
  await expect(page.getByText("Projet déposé : il attend l'avis de l'académie.")).toBeVisible();
  const mine = page.getByRole("article", { name: "Classe mobile de SNT en seconde" });
  await expect(mine).toContainText("Déposé, en attente de l'académie");
  await expect(form).toHaveCount(0); // one live project per school and campaign
  await logOut(page);

  // The académie's advisor gives its opinion first.
  await logIn(page, "idf.conseiller-academique");
  await navigate(page, "Projets mobiles");
  const toDecide = page.getByRole("region", { name: /Projets qui attendent votre décision/ });
  const project = toDecide.getByRole("article", { name: "Classe mobile de SNT en seconde" });
  await expect(project).toContainText(SCHOOL);
  await project.getByLabel("Avis motivé de l'académie").fill("Usages précis, salles couvertes : avis favorable.");
  await project.getByRole("button", { name: "Avis favorable de l'académie" }).click();
  await expect(page.getByText("Décision enregistrée.")).toBeVisible();
  await expect(toDecide.getByRole("article", { name: "Classe mobile de SNT en seconde" })).toHaveCount(0);
  await logOut(page);

  // Then the Region decides.
  await logInAsAdministrator(page, "idf.admin");
  await navigate(page, "Projets mobiles");
  const regionCard = page
    .getByRole("region", { name: /Projets qui attendent votre décision/ })
    .getByRole("article", { name: "Classe mobile de SNT en seconde" });
  await expect(regionCard).toContainText("Avis de l'académie : Usages précis, salles couvertes : avis favorable.");
  await regionCard.getByRole("button", { name: "Valider le projet pour la Région" }).click();
  await expect(page.getByText("Décision enregistrée.")).toBeVisible();
  await expect(page.getByRole("article", { name: "Classe mobile de SNT en seconde" })).toContainText("Validé par l'académie et la Région");
  await logOut(page);

  // The head now orders laptops, which the cart refused without the project.
  await logIn(page, "idf.chef-etablissement");
  await navigate(page, "Campagnes");
  const picker = page.getByRole("combobox", { name: "Campagne" });
  await picker.click();
  await page.getByRole("option", { name: /Plan d'équipement/ }).click();
  await page.getByRole("region", { name: "Paniers et commandes" }).first().getByRole("button", { name: "Nouveau panier" }).click();
  const cart = page.getByRole("region", { name: "Panier" });
  await cart.getByRole("combobox", { name: "Article" }).click();
  await page.getByRole("option", { name: /Ordinateur portable 14 pouces/ }).click();
  await cart.getByRole("textbox", { name: "Quantité" }).fill("2");
  await cart.getByRole("button", { name: "Ajouter" }).click();
  await expect(cart.getByRole("table", { name: "Lignes" })).toContainText("Ordinateur portable 14 pouces");
  await expect(cart.getByRole("table", { name: "Lignes" })).toContainText("1 280,00");
});

test("a CRRE validator asks for teacher licences for references bought; the Region answers", async ({ page }) => {
  await logIn(page, "idf.valideur");
  await navigate(page, "Campagnes");
  await page.getByRole("navigation", { name: "Pages de la campagne" }).getByRole("link", { name: "Licences et retours" }).click();
  await expect(page.getByRole("heading", { name: "Licences et retours", level: 1 })).toBeVisible();
  // The screens say it before any validation: a validated licence is final.
  await expect(page.getByText("Une licence numérique achetée ne peut plus être annulée ni reportée")).toBeVisible();
  await expect(page.getByRole("table", { name: "Lignes de la commande" }).first()).toContainText("Licence validée : ni annulation ni report");

  const form = page.getByRole("region", { name: "Demander des licences enseignant" });
  await form.getByRole("combobox", { name: "Éditeur" }).click();
  await page.getByRole("option", { name: "Éditions Démo" }).click();
  const send = form.getByRole("button", { name: "Envoyer la demande à la Région" });
  await expect(send).toBeDisabled(); // nothing asked yet
  await form.getByLabel("Licences enseignant manquantes pour Mathématiques 2de").fill("2");
  await send.click();
  await expect(page.getByText("Demande envoyée à la Région.")).toBeVisible();
  const request = page.getByRole("article", { name: "Demande de licences enseignant — Éditions Démo" });
  await expect(request).toContainText("Mathématiques 2de : 2 licence(s) enseignant pour 120 licence(s) élève");
  await expect(request).toContainText("En attente de la Région");
  await logOut(page);

  await logInAsAdministrator(page, "idf.admin");
  await page.goto("/campagnes/licences-et-retours");
  const pending = page.getByRole("article", { name: "Demande de licences enseignant — Éditions Démo" });
  await pending.getByLabel("Réponse à l'établissement").fill("Deux licences enseignant ajoutées par l'éditeur.");
  await pending.getByRole("button", { name: "Répondre" }).click();
  await expect(page.getByText("Réponse envoyée.")).toBeVisible();
  await expect(pending).toContainText("Réponse de la Région : Deux licences enseignant ajoutées par l'éditeur.");
  await expect(pending).toContainText("Répondue");
});

test("servers are not in the equipment catalogue: the page opens an evolution request", async ({ page }) => {
  await logIn(page, "idf.chef-etablissement");
  await navigate(page, "Catalogue");
  await page.getByRole("link", { name: "Catalogue d'équipement (plan d'équipement)" }).click();
  await expect(page.getByText(/Les serveurs ne sont pas au catalogue/)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Ordinateur portable 14 pouces" })).toContainText("Projet pédagogique requis");
  await page.getByRole("link", { name: "Faire une demande d'évolution (serveur)" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Nature" })).toHaveValue("Demande d'évolution");
});
