/* The PITR prerequisite check of one PostgreSQL server: each missing piece becomes a problem that says
 * exactly what to change (a role with REPLICATION, a pg_hba.conf replication line, wal_level, free WAL
 * senders and replication slots, version 13+). Managed services that refuse physical replication get
 * their own message: they stay on dumps. Reads only; creates nothing. */
import type { ToolConnection } from "../sources/database-connection";
import { PsqlFailed, psqlRows } from "./pg-tools";

export type PitrProblemCode =
  | "unreachable"
  | "version"
  | "replication_role"
  | "wal_level"
  | "wal_senders"
  | "replication_slots"
  | "pg_hba"
  | "managed_service";

export type PitrProblem = { code: PitrProblemCode; message: string };
export type PitrCheck = { ok: boolean; problems: PitrProblem[]; serverVersion?: number; user?: string };

type ServerFacts = {
  version: number;
  user: string;
  replicationRole: boolean;
  walLevel: string;
  maxWalSenders: number;
  usedWalSenders: number;
  maxSlots: number;
  usedSlots: number;
  managed: string | null;
};

const FACTS_SQL = `select current_setting('server_version_num')::int,
  current_user,
  (select rolreplication or rolsuper from pg_roles where rolname = current_user),
  current_setting('wal_level'),
  current_setting('max_wal_senders')::int,
  (select count(*) from pg_stat_replication),
  current_setting('max_replication_slots')::int,
  (select count(*) from pg_replication_slots where slot_name <> $slot$SLOT$slot$),
  (select string_agg(name, ',') from (select name from pg_settings
     where name ~ '^(rds|aurora|cloudsql|azure|alloydb|neon|supabase)\\.' limit 1) m)`;

const MANAGED: [RegExp, string][] = [
  [/^(rds|aurora)\./, "Amazon RDS / Aurora"],
  [/^cloudsql\./, "Google Cloud SQL"],
  [/^alloydb\./, "Google AlloyDB"],
  [/^azure\./, "Azure Database for PostgreSQL"],
  [/^neon\./, "Neon"],
  [/^supabase\./, "Supabase"],
];

async function serverFacts(conn: ToolConnection, slot: string): Promise<ServerFacts> {
  const [r] = await psqlRows(conn, FACTS_SQL.replace("SLOT", slot));
  const managedSetting = r[8] || "";
  return {
    version: Number(r[0]),
    user: r[1],
    replicationRole: r[2] === "t",
    walLevel: r[3],
    maxWalSenders: Number(r[4]),
    usedWalSenders: Number(r[5]),
    maxSlots: Number(r[6]),
    usedSlots: Number(r[7]),
    managed: MANAGED.find(([re]) => re.test(managedSetting))?.[1] ?? null,
  };
}

function factProblems(f: ServerFacts): PitrProblem[] {
  const out: PitrProblem[] = [];
  if (f.version < 130000)
    out.push({
      code: "version",
      message: `The server runs PostgreSQL ${Math.floor(f.version / 10000)}; point-in-time recovery needs 13 or newer. Upgrade the server, or keep this source on nightly dumps.`,
    });
  if (!f.replicationRole)
    out.push({
      code: "replication_role",
      message: `The role "${f.user}" lacks REPLICATION. Run as a superuser: ALTER ROLE "${f.user}" WITH REPLICATION; (superuser is not needed for Lifeboat).`,
    });
  if (f.walLevel === "minimal")
    out.push({
      code: "wal_level",
      message:
        "wal_level is minimal, so the server writes too little WAL to replay. Set wal_level = replica in postgresql.conf (ALTER SYSTEM SET wal_level = replica;) and restart PostgreSQL.",
    });
  if (f.maxWalSenders - f.usedWalSenders < 1)
    out.push({
      code: "wal_senders",
      message: `All ${f.maxWalSenders} WAL senders are in use (max_wal_senders = ${f.maxWalSenders}). Raise max_wal_senders by one (ALTER SYSTEM SET max_wal_senders = ${f.maxWalSenders + 1};) and restart PostgreSQL.`,
    });
  if (f.maxSlots - f.usedSlots < 1)
    out.push({
      code: "replication_slots",
      message: `No free replication slot (max_replication_slots = ${f.maxSlots}, ${f.usedSlots} used). Raise max_replication_slots (ALTER SYSTEM SET max_replication_slots = ${f.maxSlots + 1};) and restart PostgreSQL, or drop an unused slot.`,
    });
  return out;
}

/** A refused replication connection, turned into what to change. */
function replicationRefusal(text: string, user: string, managed: string | null): PitrProblem {
  if (managed)
    return {
      code: "managed_service",
      message: `${managed} does not allow physical replication to outside clients, so point-in-time recovery cannot stream this server's WAL. Lifeboat keeps backing this source up with dumps.`,
    };
  if (/pg_hba\.conf/.test(text))
    return {
      code: "pg_hba",
      message: `The server refused a replication connection for "${user}" (no pg_hba.conf entry). Add a line such as "host replication ${user} <Lifeboat's address>/32 scram-sha-256" to pg_hba.conf and reload PostgreSQL (SELECT pg_reload_conf();).`,
    };
  return { code: "pg_hba", message: `The server refused a replication connection: ${text.split("\n")[0]}` };
}

export async function checkPitrPrerequisites(conn: ToolConnection, slot: string): Promise<PitrCheck> {
  let facts: ServerFacts;
  try {
    facts = await serverFacts(conn, slot);
  } catch (e) {
    const text = e instanceof PsqlFailed ? e.output : (e as Error).message;
    return { ok: false, problems: [{ code: "unreachable", message: `Cannot query the server: ${text}` }] };
  }
  const problems = factProblems(facts);
  if (facts.managed && !facts.replicationRole) {
    problems.splice(0, problems.length, replicationRefusal("", facts.user, facts.managed));
  } else if (facts.replicationRole) {
    try {
      await psqlRows(conn, "IDENTIFY_SYSTEM", { replication: true });
    } catch (e) {
      problems.push(replicationRefusal(e instanceof PsqlFailed ? e.output : String(e), facts.user, facts.managed));
    }
  }
  return { ok: problems.length === 0, problems, serverVersion: facts.version, user: facts.user };
}
