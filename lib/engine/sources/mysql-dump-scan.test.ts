/* The MariaDB dump scan on its own: the same dump fed whole, byte by byte and in random chunks gives the
 * same counts (state carries across chunk boundaries, also inside strings and the INSERT head), quoted
 * parentheses, escaped quotes and backticks in names do not miscount, both INSERT layouts (one line; one
 * tuple per line as 10.11 writes) read the same, and a dump without the completion line is named. */
import { describe, expect, it } from "vitest";
import { MysqlDumpScan } from "./mysql-dump-scan";

const DUMP = [
  "-- MariaDB dump 10.19",
  "/*!40101 SET NAMES utf8mb4 */;",
  "CREATE TABLE `orders` (",
  "  `id` int(11) NOT NULL,",
  "  `note` text",
  ") ENGINE=InnoDB;",
  "INSERT INTO `orders` VALUES",
  "(1,'a),(b'),",
  "(2,'it\\'s \\\\ (x)\\n'),",
  "(3,NULL);",
  "INSERT INTO `orders` VALUES (4,'x'),(5,'y;z');",
  "CREATE TABLE `we``ird` (`x` int);",
  "INSERT INTO `we``ird` VALUES (1),(2);",
  "CREATE TABLE `empty` (`x` int);",
  "/*!50001 CREATE VIEW `v` AS SELECT 1 */;",
  "-- Dump completed",
  "",
].join("\n");

function scan(chunks: Buffer[]) {
  const s = new MysqlDumpScan();
  for (const c of chunks) s.push(c);
  return s;
}

const counts = (s: MysqlDumpScan) =>
  Object.fromEntries(
    (s.result().manifest as { tables: { name: string; rows: number }[] }).tables.map((t) => [t.name, t.rows]),
  );

describe("MysqlDumpScan", () => {
  const expected = { orders: 5, "we`ird": 2, empty: 0 };

  it("counts rows per table, whole or in any chunks", async () => {
    const buf = Buffer.from(DUMP);
    expect(counts(scan([buf]))).toEqual(expected);
    expect(counts(scan([...buf].map((b) => Buffer.from([b]))))).toEqual(expected);
    for (let seed = 1; seed <= 20; seed++) {
      const parts: Buffer[] = [];
      for (let i = 0, n = seed; i < buf.length; n = (n * 7 + 3) % 13) {
        parts.push(buf.subarray(i, i + 1 + n));
        i += 1 + n;
      }
      expect(counts(scan(parts))).toEqual(expected);
    }
    expect(await scan([buf]).verdict()).toBeNull();
  });

  it("names a dump without its completion line", async () => {
    const cut = Buffer.from(DUMP.slice(0, DUMP.indexOf("(3,NULL)")));
    expect(await scan([cut]).verdict()).toMatch(/-- Dump completed/);
  });
});
