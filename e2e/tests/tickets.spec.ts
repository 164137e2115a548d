import { expect, type Page, test } from "@playwright/test";
import { logIn, logOut, navigate } from "./helpers.ts";

/**
 * A ticket from filing to administrative closure, each step by its owner (issue 3): the
 * school's correspondent files it (seeing its deadlines first), the desk operator qualifies
 * and assigns it to the contractor, the contractor's technician takes it and resolves it, the
 * correspondent closes it.
 */
const ONE_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

async function choose(page: Page, label: string, option: string, scope: Page | ReturnType<Page["getByRole"]> = page) {
  await scope.getByRole("combobox", { name: label }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

async function takeStep(page: Page, action: string, fill?: (dialog: ReturnType<Page["getByRole"]>) => Promise<void>) {
  await page.getByRole("region", { name: "Actions sur le ticket" }).getByRole("button", { name: action, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  if (fill) await fill(dialog);
  await dialog.getByRole("button", { name: action, exact: true }).click();
  await expect(dialog).toBeHidden();
}

test("a ticket goes from filing to closure: correspondent, desk operator, contractor technician, correspondent", async ({ page }) => {
  const title = `Borne Wi-Fi du CDI muette ${Date.now() % 100000}`;

  await logIn(page, "idf.correspondant");
  await navigate(page, "Nouveau ticket");
  await expect(page.getByRole("heading", { name: "Nouveau ticket" })).toBeVisible();
  // The correspondent's only school is chosen for them.
  await expect(page.getByRole("combobox", { name: "Établissement" })).toHaveValue(/Eugène Delacroix/);
  await choose(page, "Catégorie", "Wi-Fi");
  await page.getByLabel("Très haute").check();
  await page.getByLabel("Un groupe ou une salle").check();
  await page.getByLabel("Titre").fill(title);
  await page.getByLabel("Description").fill("La borne du CDI ne diffuse plus le réseau depuis ce matin ; redémarrée sans effet.");
  // The deadlines show before the ticket is sent.
  const preview = page.getByRole("region", { name: "Échéances prévues" });
  await expect(preview.getByText("Prise en charge", { exact: true })).toBeVisible();
  await expect(preview.getByRole("definition")).toHaveCount(2);
  await expect(preview.getByRole("definition").last()).toContainText(/\d{4}/);
  await page.getByRole("button", { name: "Envoyer le ticket" }).click();

  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText(title);
  const number = (await heading.textContent())?.match(/IDF-\d{4}-\d{6}/)?.[0];
  expect(number).toBeTruthy();
  await expect(page.getByText("Nouveau", { exact: true }).first()).toBeVisible();
  // The school does not see the desk's steps.
  await expect(page.getByRole("region", { name: "Actions sur le ticket" }).getByRole("button", { name: "Qualifier" })).toHaveCount(0);
  await logOut(page);

  await logIn(page, "idf.operateur-csn");
  await navigate(page, "File du centre de services");
  await page.getByRole("link", { name: number! }).click();
  await expect(heading).toContainText(number!);
  await takeStep(page, "Qualifier");
  await expect(page.getByText("Qualifié", { exact: true }).first()).toBeVisible();
  await takeStep(page, "Attribuer", async (dialog) => choose(page, "Attribuer à", "SPIE", dialog));
  await expect(page.getByText("Attribué", { exact: true }).first()).toBeVisible();
  await page.getByLabel("Commentaire", { exact: true }).fill("Transmis à SPIE : borne Aruba du CDI.");
  // A photo of the access point goes with the comment: one entry, the file listed for download.
  await page.locator("input[type=file]").setInputFiles({ name: "borne-cdi.png", mimeType: "image/png", buffer: Buffer.from(ONE_PIXEL_PNG, "base64") });
  await page.getByRole("button", { name: "Commenter" }).click();
  await expect(page.getByText("Transmis à SPIE : borne Aruba du CDI.")).toBeVisible();
  await expect(page.getByRole("link", { name: /borne-cdi\.png/ })).toBeVisible();
  await logOut(page);

  await logIn(page, "idf.spie.technicien");
  await expect(page.getByRole("navigation", { name: "Navigation principale" })).toBeVisible();
  await page.goto(`/tickets/${number}`);
  await expect(heading).toContainText(number!);
  await takeStep(page, "Prendre en charge");
  await expect(page.getByText("En cours", { exact: true }).first()).toBeVisible();
  await takeStep(page, "Résoudre (clôture technique)", async (dialog) => {
    await dialog.getByLabel("Résolution").fill("Injecteur PoE remplacé, borne de nouveau en service.");
    await dialog.getByLabel("Temps passé").fill("45");
  });
  await expect(page.getByText("Résolu", { exact: true }).first()).toBeVisible();
  await logOut(page);

  await logIn(page, "idf.correspondant");
  await expect(page.getByRole("navigation", { name: "Navigation principale" })).toBeVisible();
  await page.goto(`/tickets/${number}`);
  await expect(heading).toContainText(number!);
  await expect(page.getByText("Injecteur PoE remplacé, borne de nouveau en service.").first()).toBeVisible();
  await takeStep(page, "Clore (clôture administrative)");
  await expect(page.getByText("Clos", { exact: true }).first()).toBeVisible();
  const timeline = page.getByRole("region", { name: "Historique" });
  for (const step of ["Ticket ouvert", "Qualifié", "Attribué", "Pris en charge", "Résolu (clôture technique)", "Clos (clôture administrative)"]) {
    await expect(timeline.getByText(step, { exact: true })).toBeVisible();
  }
});
