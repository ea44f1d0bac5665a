/* Destinations: the restic repositories backups go to (local disk, S3, SFTP, REST). Admins add, edit,
 * verify and delete them, and manage each repository's keys. Secrets never reach this page: only whether
 * one is set. */
import { HardDrive } from "lucide-react";
import {
  DestinationRowActions,
  NewDestinationButton,
  VerifyDestinationButton,
} from "@/components/destinations/destination-actions";
import {
  DESTINATION_TYPE_LABELS,
  destinationIcon,
  destinationLocation,
} from "@/components/destinations/destination-summary";
import { CheckNowButton } from "@/components/destinations/check-now-button";
import { DestinationSettingsButton } from "@/components/destinations/destination-settings-dialog";
import { IntegrityStatus } from "@/components/destinations/integrity-status";
import { DestinationKeysButton } from "@/components/keys/destination-keys-dialog";
import { requirePageActor } from "@/components/layout/require-page-actor";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableCard, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { listDestinations } from "@/lib/destinations";
import { destinationIntegrity } from "@/lib/proof/checks/check-view";
import {
  checkDestinationAction,
  createDestinationAction,
  deleteDestinationAction,
  updateDestinationAction,
  verifyDestinationAction,
} from "./actions";
import { loadDestinationSettingsAction, saveDestinationSettingsAction } from "./settings-actions";
import {
  addKeyAction,
  listKeysAction,
  rekeyAction,
  rekeyStateAction,
  removeKeyAction,
  rotateKeyAction,
  rotationScheduleAction,
  rotationStatusAction,
} from "./keys-actions";

const destinationActions = {
  create: createDestinationAction,
  update: updateDestinationAction,
  remove: deleteDestinationAction,
  verify: verifyDestinationAction,
};

const settingsActions = { load: loadDestinationSettingsAction, save: saveDestinationSettingsAction };
const keyActions = {
  list: listKeysAction,
  add: addKeyAction,
  remove: removeKeyAction,
  rotate: rotateKeyAction,
  schedule: rotationScheduleAction,
  rotation: rotationStatusAction,
  rekey: rekeyAction,
  rekeyState: rekeyStateAction,
};

export const metadata = { title: "Destinations" };

export default async function DestinationsPage() {
  const actor = await requirePageActor("viewer");
  const canEdit = actor.role === "admin";
  const destinations = await listDestinations();
  const integrity = await destinationIntegrity(destinations.map((d) => d.id));
  return (
    <>
      <PageHeader
        title="Destinations"
        description="Where backups are stored: encrypted restic repositories you can also open with the restic command alone."
        actions={
          canEdit && destinations.length > 0 ? (
            <NewDestinationButton
              actions={destinationActions}
              chunkingSources={destinations.filter((d) => d.initializedAt).map((d) => ({ id: d.id, name: d.name }))}
            />
          ) : null
        }
      />
      {destinations.length === 0 ? (
        <EmptyState
          icon={<HardDrive />}
          title="No destinations yet"
          description={
            canEdit
              ? "Add a local directory, an S3 bucket, an SFTP server or a restic REST server to store backups in."
              : "An admin has not added any destinations yet."
          }
          action={
            canEdit ? <NewDestinationButton actions={destinationActions} label="Add the first destination" /> : null
          }
        />
      ) : (
        <TableCard>
          <Table data-testid="destinations-table">
            <THead>
              <tr>
                <Th>Name</Th>
                <Th>Where</Th>
                <Th>Integrity</Th>
                {canEdit ? (
                  <Th>
                    <span className="sr-only">Verify and check</span>
                  </Th>
                ) : null}
                <Th className="w-10">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {destinations.map((d) => (
                <Tr key={d.id} data-testid={`destination-row-${d.name}`}>
                  <Td>
                    <div className="whitespace-nowrap font-medium">
                      {d.name}
                      {d.isDefault ? (
                        <Badge tone="accent" className="ml-2">
                          default
                        </Badge>
                      ) : null}
                    </div>
                    <div className="mt-0.5 whitespace-nowrap text-xs text-zinc-500">
                      {d.initializedAt ? (
                        <>
                          repository created <RelativeTime iso={d.initializedAt} />
                        </>
                      ) : (
                        <span>repository not created yet</span>
                      )}
                    </div>
                  </Td>
                  <Td className="max-w-64">
                    <span className="inline-flex items-center gap-1.5 whitespace-nowrap text-zinc-600 dark:text-zinc-300 [&_svg]:size-4 [&_svg]:text-zinc-400">
                      {destinationIcon(d.type)} {DESTINATION_TYPE_LABELS[d.type] ?? d.type}
                    </span>
                    <div
                      className="mt-0.5 truncate font-mono text-xs text-zinc-500"
                      title={destinationLocation(d.type, d.config)}
                    >
                      {destinationLocation(d.type, d.config)}
                    </div>
                  </Td>
                  <Td className="min-w-48">
                    {integrity.get(d.id) ? <IntegrityStatus integrity={integrity.get(d.id)!} name={d.name} /> : null}
                  </Td>
                  {canEdit ? (
                    <Td>
                      <div className="flex flex-col items-start gap-2">
                        <VerifyDestinationButton destination={d} actions={destinationActions} />
                        {d.initializedAt ? (
                          <CheckNowButton
                            destinationId={d.id}
                            name={d.name}
                            activeCheckId={integrity.get(d.id)?.activeCheckId ?? null}
                            check={checkDestinationAction}
                          />
                        ) : null}
                        <DestinationSettingsButton destination={d} actions={settingsActions} />
                        {d.initializedAt ? (
                          <DestinationKeysButton id={d.id} name={d.name} actions={keyActions} />
                        ) : null}
                      </div>
                    </Td>
                  ) : null}
                  <Td className="text-right">
                    {canEdit ? <DestinationRowActions destination={d} actions={destinationActions} /> : null}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </TableCard>
      )}
    </>
  );
}
