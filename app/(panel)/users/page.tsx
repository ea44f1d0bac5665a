/* Users (admins only): who can sign in and with which role. viewer reads everything; operator also
 * runs backups and restores; admin also changes settings, destinations, users and keys. */
import { Users } from "lucide-react";
import { AccessDenied } from "@/components/layout/access-denied";
import { pageAccess } from "@/components/layout/require-page-actor";
import { NewUserButton, UserRowActions } from "@/components/users/user-actions";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableCard, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { listUsers } from "@/lib/users";
import { createUserAction, deleteUserAction, resetPasswordAction, updateUserAction } from "./actions";

const userActions = {
  create: createUserAction,
  update: updateUserAction,
  remove: deleteUserAction,
  resetPassword: resetPasswordAction,
};

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const { actor, allowed } = await pageAccess("admin", "/users");
  if (!allowed) return <AccessDenied role={actor.role} need="admin" />;
  const users = await listUsers();
  return (
    <>
      <PageHeader
        title="Users"
        description="Viewers see everything, operators also run backups and restores, admins also change settings."
        actions={<NewUserButton actions={userActions} />}
      />
      {users.length === 0 ? (
        <EmptyState
          icon={<Users />}
          title="No users"
          description="Add the people who need to see or run backups."
          action={<NewUserButton actions={userActions} />}
        />
      ) : (
        <TableCard>
          <Table data-testid="users-table">
            <THead>
              <tr>
                <Th>E-mail</Th>
                <Th>Name</Th>
                <Th>Role</Th>
                <Th>Status</Th>
                <Th>Added</Th>
                <Th className="w-10">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {users.map((u) => (
                <Tr key={u.id} data-testid={`user-row-${u.email}`}>
                  <Td className="font-medium">
                    {u.email}
                    {u.id === actor.id ? <span className="ml-2 text-xs text-zinc-400">(you)</span> : null}
                  </Td>
                  <Td className="text-zinc-600 dark:text-zinc-300">{u.name || "—"}</Td>
                  <Td>
                    <Badge tone={u.role === "admin" ? "accent" : "neutral"} data-role={u.role}>
                      {u.role}
                    </Badge>
                  </Td>
                  <Td>
                    <span className="flex flex-wrap items-center gap-1.5">
                      {u.disabled ? <StatusBadge status="disabled" /> : <StatusBadge status="active" />}
                      {u.mustChangePassword ? (
                        <Badge tone="amber" data-testid="must-change-password">
                          one-time password
                        </Badge>
                      ) : null}
                    </span>
                  </Td>
                  <Td className="text-zinc-500">
                    <RelativeTime iso={u.createdAt} />
                  </Td>
                  <Td className="text-right">
                    {u.id === actor.id ? null : <UserRowActions user={u} actions={userActions} />}
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
