/* Which step of connecting failed, read from the client's error text (psql / mariadb): the server was
 * not reachable, the user or password was refused, or the database does not exist (or the user may not
 * use it). The patterns are the servers' own messages; anything unrecognised counts as "not reachable"
 * with the tool's last line, so the user still sees the real reason. Pure functions. */

export type ConnectStage = "reachable" | "credentials" | "database";
export type ConnectFailure = { stage: ConnectStage; reason: string };

const PG: [RegExp, ConnectStage][] = [
  [
    /password authentication failed|no password supplied|role ".*" does not exist|pg_hba\.conf rejects|not permitted to log in/i,
    "credentials",
  ],
  [/database ".*" does not exist|permission denied for database|User does not have CONNECT privilege/i, "database"],
];

const MYSQL: [RegExp, ConnectStage][] = [
  [/ERROR 1045|Access denied for user .* \(using password/i, "credentials"],
  [/ERROR 1049|Unknown database|ERROR 1044/i, "database"],
];

function classify(rules: [RegExp, ConnectStage][], stderr: string): ConnectFailure {
  const reason = stderr
    .split("\n")
    .map((l) => l.replace(/^(psql: error: |mariadb: |ERROR \d+ \(\w+\): )/, "").trim())
    .filter(Boolean)
    .join(" ")
    .slice(-500);
  for (const [re, stage] of rules) if (re.test(stderr)) return { stage, reason };
  return { stage: "reachable", reason: reason || "the client gave no reason" };
}

export function classifyPostgresError(stderr: string): ConnectFailure {
  return classify(PG, stderr);
}

export function classifyMysqlError(stderr: string): ConnectFailure {
  return classify(MYSQL, stderr);
}
