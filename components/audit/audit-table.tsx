/* The audit entries table: when (relative, absolute on hover), who, what, which target, outcome, and the
 * reason for failures and refusals. Details never hold secrets (lib/audit's rule). */
import { StatusBadge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableCard, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { AuditView } from "@/lib/audit";
import { fieldLabel } from "./field-labels";

function detailText(e: AuditView): string {
  const d = e.details ?? {};
  if (typeof d.reason === "string") return d.reason;
  if (typeof d.message === "string") return d.message;
  if (Array.isArray(d.changed) && d.changed.length)
    return `changed ${d.changed.map(String).map(fieldLabel).join(", ")}`;
  if (typeof d.required === "string") return `needs ${d.required}, has ${String(d.role ?? "?")}`;
  return "";
}

export function AuditTable({ items }: { items: AuditView[] }) {
  return (
    <TableCard>
      <Table data-testid="audit-table">
        <THead>
          <tr>
            <Th className="w-28">When</Th>
            <Th>Actor</Th>
            <Th>Action</Th>
            <Th>Target</Th>
            <Th>Outcome</Th>
            <Th>Details</Th>
          </tr>
        </THead>
        <TBody>
          {items.map((e) => {
            const detail = detailText(e);
            return (
              <Tr
                key={e.id}
                data-testid="audit-row"
                data-action={e.action}
                data-target-name={e.targetName ?? ""}
                data-outcome={e.outcome}
              >
                <Td className="whitespace-nowrap text-zinc-500">
                  <RelativeTime iso={e.createdAt} />
                </Td>
                <Td className="max-w-48 truncate" title={e.ip ? `${e.actorEmail} from ${e.ip}` : e.actorEmail}>
                  {e.actorEmail}
                </Td>
                <Td className="whitespace-nowrap font-mono text-xs">{e.action}</Td>
                <Td className="max-w-72 truncate" title={e.targetName ?? undefined}>
                  {e.targetType ? (
                    <span className="mr-1 text-xs text-zinc-400">{e.targetType.replaceAll("_", " ")}</span>
                  ) : null}
                  {e.targetName ??
                    (e.targetId ? <span className="font-mono text-xs">{e.targetId.slice(0, 8)}</span> : "—")}
                </Td>
                <Td>
                  <StatusBadge status={e.outcome} />
                </Td>
                <Td className="max-w-80 truncate text-xs text-zinc-500" title={detail}>
                  {detail}
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
    </TableCard>
  );
}
