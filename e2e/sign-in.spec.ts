/* Sign-in errors in real Chromium: a wrong password says so and keeps the e-mail typed; repeated failures
 * for one account are slowed down with a growing wait the message names (never a lock-out).
 * Screenshots: artifacts/screenshots/foundation-01…03-*.png. */
import { expect, test } from "@playwright/test";
import { E2E, shot } from "./fixtures/lifeboat";

test("sign-in: wrong password and rate limit give clear messages", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
  await shot(page, "foundation-01-login");

  await page.getByLabel("E-mail").fill(E2E.adminEmail);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("form-error")).toContainText(/e-mail or password is wrong/i);
  await expect(page.getByLabel("E-mail")).toHaveValue(E2E.adminEmail); // what was typed stays
  await shot(page, "foundation-02-login-wrong-password");

  // A different account: after 5 failures each attempt must wait a growing delay (1 s, 2 s, 4 s …), and
  // an attempt inside it is answered with the wait (a slow-down, never a lock-out).
  const victim = "nobody@lifeboat.test";
  for (let i = 0; i < 12; i++) {
    await page.getByLabel("E-mail").fill(victim);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-submit")).toBeEnabled();
    if (/too many/i.test((await page.getByTestId("form-error").textContent()) ?? "")) break;
  }
  await expect(page.getByTestId("form-error")).toContainText(/too many failed sign-ins\. try again in \d+ seconds?\./i);
  await shot(page, "foundation-03-login-rate-limited");
});
