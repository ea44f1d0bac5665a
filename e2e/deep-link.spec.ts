/* Signing in from a deep link lands on the page that was asked for, not on the dashboard; a
 * callbackUrl pointing elsewhere still ends on the dashboard (lib/auth/safe-callback-url.ts). */
import { expect, test } from "@playwright/test";
import { E2E } from "./fixtures/lifeboat";

async function submitLogin(page: import("@playwright/test").Page) {
  await page.getByLabel("E-mail").fill(E2E.adminEmail);
  await page.getByLabel("Password").fill(E2E.adminPassword);
  await page.getByTestId("login-submit").click();
}

test("a deep link asks for sign-in and then opens the page asked for", async ({ page }) => {
  await page.goto("/destinations?from=mail");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdestinations%3Ffrom%3Dmail$/);
  await submitLogin(page);
  await expect(page).toHaveURL(/\/destinations\?from=mail$/);
});

test("a callbackUrl to another host ends on the dashboard", async ({ page }) => {
  await page.goto("/login?callbackUrl=%2F%5Cevil.example.com%2Fx");
  await submitLogin(page);
  await expect(page).toHaveURL(/\/dashboard$/);
});
