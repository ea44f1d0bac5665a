/* `lifeboat projects list` and `lifeboat env list [--project slug]`: the inventory, read-only. */
import { str } from "../args";
import { EXIT } from "../errors";
import { table } from "../output";
import { findProject } from "../resolve";
import { type TEnvironment, type TProject, ZEnvironments, ZProjects } from "../schemas";
import type { Command } from "../context";

export const inventoryCommands: Command[] = [
  {
    path: ["projects", "list"],
    summary: "List the projects",
    async run({ api, out }) {
      const page = await api().get("/projects", ZProjects);
      out.result(page, () =>
        page.items.length
          ? table(
              ["SLUG", "NAME", "ENVIRONMENTS", "ID"],
              page.items.map((p) => [p.slug, p.name, String(p.environmentCount ?? "–"), p.id]),
            )
          : "No projects yet.",
      );
      return EXIT.ok;
    },
  },
  {
    path: ["env", "list"],
    summary: "List environments (of one project, or all)",
    options: { project: { type: "string", value: "project-slug", description: "Only this project's environments." } },
    async run({ api, values, out }) {
      const slug = str(values, "project");
      const projects: TProject[] = slug
        ? [await findProject(api(), slug)]
        : (await api().get("/projects", ZProjects)).items;
      const items: (TEnvironment & { projectSlug: string; ref: string })[] = [];
      for (const p of projects) {
        const { items: envs } = await api().get(`/projects/${p.id}/environments`, ZEnvironments);
        items.push(...envs.map((e) => ({ ...e, projectSlug: p.slug, ref: `${p.slug}/${e.slug}` })));
      }
      out.result({ items }, () =>
        items.length
          ? table(
              ["ENVIRONMENT", "NAME", "TYPE", "ACTIVE", "ID"],
              items.map((e) => [e.ref, e.name, e.type, e.active ? "yes" : "paused", e.id]),
            )
          : "No environments.",
      );
      return EXIT.ok;
    },
  },
];
