/* The report's table: one row per environment with its counts, success rate, schedule adherence, RPO
 * achieved against its target, storage, growth, cost, restores and the four compliance checks as
 * badges. Figures use the same display formats as the PDF (lib/reports/report-columns). */
import { Badge } from "@/components/ui/badge";
import { Table, TableCard, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { REPORT_COLUMNS } from "@/lib/reports/report-columns";
import type { ReportEnvironment } from "@/lib/reports/schema";

const show = new Map(REPORT_COLUMNS.map((c) => [c.key, c.display]));
const d = (key: string, e: ReportEnvironment) => show.get(key)!(e);

function Check({
  ok,
  label,
  title,
  required = true,
}: {
  ok: boolean;
  label: string;
  title: string;
  required?: boolean;
}) {
  return (
    <span title={title}>
      <Badge tone={ok ? "green" : required ? "red" : "grey"} data-ok={String(ok)}>
        {label}
      </Badge>
    </span>
  );
}

function noSlotReason(e: ReportEnvironment): string {
  if (!e.active) return "paused";
  return e.hasSchedule ? "no slot yet" : "no schedule";
}

function Low({ children, bad }: { children: string; bad: boolean }) {
  return <span className={bad ? "font-medium text-red-600 dark:text-red-400" : undefined}>{children}</span>;
}

export function ReportTable({ environments }: { environments: ReportEnvironment[] }) {
  return (
    <TableCard className="mb-5">
      <Table data-testid="report-table" className="[&_th]:whitespace-nowrap">
        <THead>
          <tr>
            <Th>Environment</Th>
            <Th numeric>Backups</Th>
            <Th numeric>Success</Th>
            <Th numeric>On schedule</Th>
            <Th numeric>Worst gap / RPO</Th>
            <Th numeric>Stored</Th>
            <Th numeric>Growth</Th>
            <Th numeric>Cost / mo</Th>
            <Th numeric>Restores</Th>
            <Th>Compliance</Th>
          </tr>
        </THead>
        <TBody>
          {environments.map((e) => (
            <Tr key={e.environmentId} data-testid="report-row" data-environment={e.environmentId}>
              <Td>
                <div className="font-medium text-zinc-900 dark:text-zinc-100">{e.name}</div>
                <div className="text-xs text-zinc-500 dark:text-zinc-400">
                  {e.projectName} · {e.type}
                  {e.active ? "" : " · paused"}
                </div>
              </Td>
              <Td numeric className="whitespace-nowrap">
                {e.backupsMade}
                {e.backupsFailed + e.backupsPartial > 0 ? (
                  <div className="text-xs text-red-600 dark:text-red-400">
                    {e.backupsFailed} failed{e.backupsPartial ? `, ${e.backupsPartial} partial` : ""}
                  </div>
                ) : null}
              </Td>
              <Td numeric className="whitespace-nowrap">
                <Low bad={e.successRate !== null && e.successRate < 0.9}>{d("success_rate_percent", e)}</Low>
              </Td>
              <Td numeric className="whitespace-nowrap">
                <Low bad={e.adherencePercent !== null && e.adherencePercent < 90}>{d("adherence_percent", e)}</Low>
                {e.scheduledSlots ? (
                  <div className="text-xs text-zinc-500 dark:text-zinc-400">
                    {e.slotsOnTime} of {e.scheduledSlots}
                  </div>
                ) : (
                  <div className="text-xs text-zinc-500 dark:text-zinc-400">{noSlotReason(e)}</div>
                )}
              </Td>
              <Td numeric className="whitespace-nowrap">
                <Low bad={!e.compliance.rpoMet}>{d("rpo_achieved_hours", e)}</Low>
                <div className="text-xs text-zinc-500 dark:text-zinc-400">target {d("rpo_target_hours", e)}</div>
              </Td>
              <Td numeric className="whitespace-nowrap">
                {d("storage_bytes", e)}
              </Td>
              <Td numeric className="whitespace-nowrap">{`${e.growthBytes > 0 ? "+" : ""}${d("growth_bytes", e)}`}</Td>
              <Td numeric className="whitespace-nowrap">
                {d("cost_estimate", e)}
              </Td>
              <Td numeric className="whitespace-nowrap">
                {e.restores}
              </Td>
              <Td>
                <div className="flex flex-wrap gap-1">
                  <Check ok={e.compliance.rpoMet} label="RPO" title="Never longer than the RPO without a good backup" />
                  <Check
                    ok={e.compliance.testRestoreWithin30d}
                    label="Restore"
                    title="A backup was restored in the last 30 days of the period"
                    required={e.type === "production"}
                  />
                  <Check ok={e.compliance.checksGreen} label="Checks" title="No failed check or verification" />
                  <Check
                    ok={e.compliance.offsiteCopy}
                    label="Off-site"
                    title="A copy reached a destination other than local disk"
                    required={e.type !== "development"}
                  />
                </div>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </TableCard>
  );
}
