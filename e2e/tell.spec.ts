/* The alert-rule overrides card and the Monitoring tab's verification/forecast cards in real Chromium:
 * a project switches backup_failed off through the API; the environment's card says "off (from the
 * project)"; switching it On and saving is stored (GET says it is set on the environment); the overdue
 * row shows the RPO note. Screens under artifacts/screens/tell/. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiAs, E2E, signIn } from "./fixtures/lifeboat";

const DIR = path.join(process.cwd(), "artifacts", "screens", "tell");

test("alert-rule overrides and the Monitoring outlook", async ({ page }) => {
  const admin = await apiAs(E2E.adminEmail, E2E.adminPassword, "e2e-tell-admin");
  const slug = `tell-${crypto.randomBytes(2).toString("hex")}`;
  const project = await admin.send("POST", "/projects", { name: "Tell Co", slug });
  expect(project.status, project.text).toBe(201);
  const projectId = (project.body as { id: string }).id;
  const env = await admin.send("POST", `/projects/${projectId}/environments`, { name: "staging", type: "staging" });
  expect(env.status, env.text).toBe(201);
  const envId = (env.body as { id: string }).id;
  const off = await admin.send("PUT", `/projects/${projectId}/alert-rules`, {
    rules: [{ kind: "backup_failed", enabled: false }],
  });
  expect(off.status, off.text).toBe(200);

  await signIn(page, E2E.adminEmail, E2E.adminPassword);
  await page.goto(`/projects/${slug}/environments/staging/backups/settings`);
  const card = page.getByRole("region", { name: "Alerts for this environment" });
  await expect(card).toBeVisible();
  await expect(card.getByRole("row", { name: /Backup failed/ })).toContainText("off (from the project)");
  await expect(card.getByRole("row", { name: /Backup overdue/ })).toContainText(
    "The threshold is the environment's RPO, set on its Disaster recovery tab.",
  );
  await card.getByLabel("Backup failed alerts").selectOption("on");
  await card.getByLabel("Job stuck threshold (minutes)").fill("30");
  await card.getByRole("button", { name: "Save alert rules" }).click();
  await expect(card.getByRole("row", { name: /Backup failed/ })).toContainText("on (set here)");
  fs.mkdirSync(DIR, { recursive: true });
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: path.join(DIR, "alert-rules-card.png") });
  const got = await admin.get(`/environments/${envId}/alert-rules`);
  const rules = (got.body as { rules: { kind: string; enabled: boolean; threshold?: number; inherited: string[] }[] })
    .rules;
  expect(rules.find((r) => r.kind === "backup_failed")).toMatchObject({
    enabled: true,
    inherited: ["threshold"].slice(1),
  });
  expect(rules.find((r) => r.kind === "job_stuck")).toMatchObject({ threshold: 30 });

  await page.goto(`/projects/${slug}/environments/staging/monitoring`);
  await expect(page.getByRole("region", { name: "Storage forecast" })).toContainText(
    "No backup has written to a destination yet.",
  );
  await expect(page.getByRole("region", { name: "Verification" })).toContainText("No backup has been verified yet.");
  await page.screenshot({ path: path.join(DIR, "monitoring-outlook.png"), fullPage: true });
});
