/* API tokens on the Account page: create (optionally read-only, limited to some projects, expiring —
 * token-scope-fields.tsx; the token is shown once, with a copy button and a warning that it will not be
 * shown again), list (name, owner, scope, created, last used, revoked) and revoke. */
"use client";
import { Copy, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { useActionForm } from "@/components/ui/use-action-form";
import type { ApiTokenView } from "@/lib/api-tokens";
import type { ApiTokenActions } from "./action-types";
import { NO_SCOPE, type ProjectOption, TokenScopeFields, TokenScopeSummary, toTokenScope } from "./token-scope-fields";

export function NewApiTokenButton({ actions, projects }: { actions: ApiTokenActions; projects: ProjectOption[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [scope, setScope] = useState(NO_SCOPE);
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const form = useActionForm(actions.create, {
    onSuccess: (t) => {
      setCreated({ token: t.token, name: t.name });
      router.refresh();
    },
  });
  function change(o: boolean) {
    setOpen(o);
    if (!o) {
      setCreated(null);
      setName("");
      setScope(NO_SCOPE);
      form.reset();
    }
  }
  return (
    <>
      <Button size="sm" variant="primary" onClick={() => setOpen(true)} data-testid="new-token">
        <Plus aria-hidden /> Create token
      </Button>
      <Dialog open={open} onOpenChange={change}>
        <DialogContent
          title={created ? "Copy your new token" : "Create an API token"}
          description={
            created
              ? "This is the only time the token is shown. Store it in your password manager or CI secrets now."
              : "Name it after where it will be used."
          }
          testId="token-dialog"
        >
          {created ? (
            <>
              <div className="flex items-center gap-2">
                <code
                  data-testid="new-token-value"
                  className="min-w-0 flex-1 break-all rounded-md border border-zinc-200 bg-zinc-50 px-2.5 py-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
                >
                  {created.token}
                </code>
                <Button
                  size="icon"
                  aria-label="Copy token"
                  onClick={() => {
                    void navigator.clipboard?.writeText(created.token).then(() => toast.success("Token copied"));
                  }}
                >
                  <Copy />
                </Button>
              </div>
              <DialogFooter>
                <Button variant="primary" onClick={() => change(false)} data-testid="token-done">
                  I have stored it
                </Button>
              </DialogFooter>
            </>
          ) : (
            <form
              className="flex flex-col gap-3"
              noValidate
              onSubmit={form.handleSubmit(() => ({ name, ...toTokenScope(scope) }))}
            >
              <TextField
                id="token-name"
                label="Name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                error={form.fieldError("name")}
                placeholder="ci-deploy"
                autoFocus
              />
              <TokenScopeFields
                value={scope}
                onChange={setScope}
                projects={projects}
                errors={{
                  projectIds: form.fieldError("projectIds") ?? form.fieldError("projectIds.0"),
                  expiresAt: form.fieldError("expiresAt"),
                }}
              />
              <FormError message={form.formError} />
              <DialogFooter>
                <Button onClick={() => change(false)}>Cancel</Button>
                <Button type="submit" variant="primary" loading={form.pending} data-testid="token-submit">
                  Create token
                </Button>
              </DialogFooter>
            </form>
          )}
        </DialogContent>
      </Dialog>
    </>
  );
}

function RevokeButton({ token, actions }: { token: ApiTokenView; actions: ApiTokenActions }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const label = token.name || "unnamed token";
  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        className="text-red-600 dark:text-red-400"
        onClick={() => setOpen(true)}
        data-testid={`revoke-${token.name}`}
      >
        Revoke
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Revoke ${label}?`}
        description="Scripts using this token get 401 from now on. This cannot be undone; create a new token if you need one again."
        confirmLabel="Revoke token"
        onConfirm={async () => {
          const r = await actions.revoke(token.id);
          if (!r.ok) return r.error.message;
          toast.success(`Token ${label} revoked`);
          router.refresh();
          return null;
        }}
      />
    </>
  );
}

export function ApiTokensTable({
  tokens,
  showOwner,
  actions,
  projects,
}: {
  tokens: ApiTokenView[];
  showOwner: boolean;
  actions: ApiTokenActions;
  projects: ProjectOption[];
}) {
  return (
    <Table data-testid="tokens-table">
      <THead>
        <tr>
          <Th>Name</Th>
          {showOwner ? <Th>Owner</Th> : null}
          <Th>Scope</Th>
          <Th>Created</Th>
          <Th>Last used</Th>
          <Th>Status</Th>
          <Th className="w-20">
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </THead>
      <TBody>
        {tokens.map((t) => (
          <Tr key={t.id} data-testid={`token-row-${t.name}`}>
            <Td className="font-medium">{t.name || <span className="text-zinc-400">unnamed</span>}</Td>
            {showOwner ? <Td className="text-zinc-600 dark:text-zinc-300">{t.userEmail}</Td> : null}
            <Td>
              <TokenScopeSummary token={t} projects={projects} />
            </Td>
            <Td className="text-zinc-500">
              <RelativeTime iso={t.createdAt} />
            </Td>
            <Td className="text-zinc-500">{t.lastUsedAt ? <RelativeTime iso={t.lastUsedAt} /> : "never"}</Td>
            <Td>
              {t.revokedAt ? <StatusBadge status="cancelled" label="revoked" /> : <StatusBadge status="active" />}
            </Td>
            <Td className="text-right">{t.revokedAt ? null : <RevokeButton token={t} actions={actions} />}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
