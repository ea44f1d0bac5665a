/* What the Channels form offers to choose from: projects (routing) and environments ("project /
 * environment", for healthchecks pings). Names only, no secrets. */
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";

export type RoutingChoices = {
  projects: { id: string; name: string }[];
  environments: { id: string; label: string }[];
};

export async function loadRoutingChoices(): Promise<RoutingChoices> {
  const { rows } = await getDb().execute<{ pid: string; pname: string; eid: string | null; ename: string | null }>(sql`
    select p.id as pid, p.name as pname, e.id as eid, e.name as ename
    from projects p left join environments e on e.project_id = p.id
    order by p.name, e.name`);
  const projects = new Map<string, string>();
  const environments: RoutingChoices["environments"] = [];
  for (const r of rows) {
    projects.set(r.pid, r.pname);
    if (r.eid) environments.push({ id: r.eid, label: `${r.pname} / ${r.ename}` });
  }
  return { projects: [...projects].map(([id, name]) => ({ id, name })), environments };
}
