/* The Sources tab: what is backed up in this environment. Admins add, edit and delete sources. */
import { ROLE_LABELS } from "@/lib/sources/source-role";
import { Database } from "lucide-react";
import { PitrBadge } from "@/components/sources/pitr-badge";
import { NewSourceButton, SourceRowActions } from "@/components/sources/source-actions";
import { SOURCE_TYPE_LABELS, sourceIcon, sourceTarget } from "@/components/sources/source-summary";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableCard, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePageActor } from "@/components/layout/require-page-actor";
import { getEnvironmentBySlug } from "@/lib/environments";
import { listSources } from "@/lib/sources";
import { createSourceAction, deleteSourceAction, testSourceAction, updateSourceAction } from "./actions";

const sourceActions = {
  create: createSourceAction,
  update: updateSourceAction,
  remove: deleteSourceAction,
  test: testSourceAction,
};

export const metadata = { title: "Sources" };

export default async function SourcesPage({ params }: { params: Promise<{ project: string; env: string }> }) {
  const actor = await requirePageActor("viewer");
  const canEdit = actor.role === "admin";
  const { project: projectSlug, env: envSlug } = await params;
  const { project, environment } = await getEnvironmentBySlug(projectSlug, envSlug);
  const sources = await listSources(environment.id);
  const label = `${project.name} / ${environment.name}`;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          Every backup of {label} takes one snapshot of each source below.
        </p>
        {canEdit && sources.length > 0 ? (
          <NewSourceButton environmentId={environment.id} environmentLabel={label} actions={sourceActions} />
        ) : null}
      </div>
      {sources.length === 0 ? (
        <EmptyState
          icon={<Database />}
          title="Nothing to back up yet"
          description={
            canEdit
              ? "Add the databases (PostgreSQL, MySQL, SQLite), directories or custom commands that make up this environment."
              : "An admin has not added any sources to this environment yet."
          }
          action={
            canEdit ? (
              <NewSourceButton
                environmentId={environment.id}
                environmentLabel={label}
                actions={sourceActions}
                label="Add the first source"
              />
            ) : null
          }
        />
      ) : (
        <TableCard>
          <Table data-testid="sources-table">
            <THead>
              <tr>
                <Th>Name</Th>
                <Th>Type</Th>
                <Th>Holds</Th>
                <Th>What</Th>
                <Th>Point-in-time</Th>
                <Th>Secret</Th>
                <Th className="w-10">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {sources.map((s) => (
                <Tr key={s.id} data-testid={`source-row-${s.name}`}>
                  <Td className="font-medium">{s.name}</Td>
                  <Td>
                    <span className="inline-flex items-center gap-1.5 text-zinc-600 dark:text-zinc-300 [&_svg]:size-4 [&_svg]:text-zinc-400">
                      {sourceIcon(s.type)} {SOURCE_TYPE_LABELS[s.type] ?? s.type}
                    </span>
                  </Td>
                  <Td>
                    <Badge data-testid="source-role">{ROLE_LABELS[s.role]}</Badge>
                  </Td>
                  <Td
                    className="max-w-sm truncate font-mono text-xs text-zinc-500"
                    title={sourceTarget(s.type, s.config, s.secretKeys)}
                  >
                    {sourceTarget(s.type, s.config, s.secretKeys)}
                  </Td>
                  <Td>{s.type === "postgres" ? <PitrBadge pitr={s.pitr} /> : null}</Td>
                  <Td>
                    {s.hasSecret ? (
                      <Badge data-testid="secret-set">set</Badge>
                    ) : (
                      <span className="text-xs text-zinc-400">—</span>
                    )}
                  </Td>
                  <Td className="text-right">
                    {canEdit ? <SourceRowActions source={s} environmentLabel={label} actions={sourceActions} /> : null}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </TableCard>
      )}
    </div>
  );
}
