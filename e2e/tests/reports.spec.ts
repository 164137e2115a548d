import { expect, test } from "@playwright/test";
import { logIn, logOut, navigate } from "./helpers.ts";

/**
 * A report to the correspondent becomes a ticket (issue 3, "Who may file"): a teacher, who
 * does not file tickets, reports a problem; the school's correspondent finds it in their inbox
 * and opens a ticket from it; the teacher is its requester and follows it from their reports.
 */
test("a teacher reports a problem, the correspondent turns it into a ticket the teacher follows", async ({ page }) => {
  const title = `Vidéoprojecteur salle 204 muet ${Date.now() % 100000}`;

  await logIn(page, "idf.enseignant");
  await navigate(page, "Signalements");
  await expect(page.getByRole("heading", { name: "Signalements", level: 1 })).toBeVisible();
  // A teacher of one school reports for it without choosing.
  await expect(page.getByText("Lycée polyvalent Eugène Delacroix")).toBeVisible();
  await page.getByLabel("Titre").fill(title);
  await page.getByLabel("Description").fill("Le vidéoprojecteur ne s'allume plus depuis lundi, voyant orange clignotant.");
  await page.getByRole("button", { name: "Envoyer le signalement" }).click();
  const sent = page.getByRole("article", { name: title });
  await expect(sent.getByText("En attente du correspondant")).toBeVisible();
  await logOut(page);

  await logIn(page, "idf.correspondant");
  await navigate(page, "Signalements");
  await expect(page.getByRole("tab", { name: /À traiter/ })).toHaveAttribute("aria-selected", "true");
  const report = page.getByRole("article", { name: title });
  await expect(report.getByText(/Lucas Marty/)).toBeVisible();
  await report.getByRole("button", { name: "Ouvrir un ticket" }).click();
  const dialog = page.getByRole("dialog", { name: "Ouvrir un ticket" });
  await expect(dialog).toBeVisible();
  // The report's words are the ticket's, ready to be edited.
  await expect(dialog.getByLabel("Titre")).toHaveValue(title);
  await dialog.getByRole("combobox", { name: "Catégorie" }).click();
  await page.getByRole("option", { name: "Vidéoprojecteur", exact: true }).click();
  await dialog.getByLabel("Un groupe ou une salle").check();
  await dialog.getByRole("button", { name: "Ouvrir le ticket" }).click();

  const link = dialog.getByRole("link", { name: /Voir le ticket IDF-\d{4}-\d{6}/ });
  await expect(link).toBeVisible();
  const number = (await link.textContent())?.match(/IDF-\d{4}-\d{6}/)?.[0];
  expect(number).toBeTruthy();
  await link.click();
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText(`${number} — ${title}`);
  await expect(page.getByText("Lucas Marty").first()).toBeVisible();

  // Handled once: out of the inbox, into the handled tab.
  await navigate(page, "Signalements");
  await expect(page.getByRole("article", { name: title })).toHaveCount(0);
  await page.getByRole("tab", { name: "Traités" }).click();
  await expect(page.getByRole("article", { name: title }).getByText("Ticket ouvert", { exact: true })).toBeVisible();
  await logOut(page);

  await logIn(page, "idf.enseignant");
  await navigate(page, "Signalements");
  const followed = page.getByRole("article", { name: title });
  await expect(followed.getByText("Ticket ouvert", { exact: true })).toBeVisible();
  await followed.getByRole("link", { name: "Voir le ticket" }).click();
  await expect(heading).toContainText(`${number} — ${title}`);
});
