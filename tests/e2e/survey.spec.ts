import { expect, test } from "@playwright/test";
import { openCamilleSurvey } from "./support/sandbox";

/**
 * The survey form checks its answers with the action's own schema, loaded when the form is first
 * used (components/ui/lazy-resolver.ts). Sent empty, each question says what is missing, in French;
 * with the schema's script unreachable (a connection that drops), the action's own check answers with
 * the same messages on the same questions. Nothing is saved in either case, so the survey stays open
 * for the other tests.
 */
const MISSING = [
  "Choisissez une note de 1 à 5 pour votre satisfaction globale.",
  "Choisissez une note de 1 à 5 pour le technicien.",
  "Dites-nous si le technicien était ponctuel.",
  "Choisissez une note de 0 à 10.",
];

test("a survey sent empty says what each question needs, in French, and saves nothing", async ({ page }) => {
  test.setTimeout(180_000);
  await openCamilleSurvey(page);
  await page.getByRole("button", { name: "Envoyer mon avis" }).click();
  for (const message of MISSING) await expect(page.getByText(message)).toBeVisible();
  await expect(page.getByTestId("survey-saved")).toHaveCount(0);
  // The first question's group points at its message (aria-describedby).
  await expect(page.getByRole("group", { name: /satisfaction/i }).first()).toHaveAccessibleDescription(MISSING[0]!);
});

test("the schema's script unreachable: the action's own check answers with the same messages", async ({ page }) => {
  test.setTimeout(180_000);
  await openCamilleSurvey(page);
  // From now on no script of the app can be fetched (the page's own are loaded): the schema cannot load.
  let refused = 0;
  await page.route(/\/_next\/static\/chunks\//, (route) => {
    refused++;
    return route.abort("internetdisconnected");
  });
  await page.getByRole("button", { name: "Envoyer mon avis" }).click();
  for (const message of MISSING) await expect(page.getByText(message)).toBeVisible();
  expect(refused, "the schema's chunk was requested, and refused").toBeGreaterThan(0);
  await expect(page.getByTestId("survey-saved")).toHaveCount(0);
});
