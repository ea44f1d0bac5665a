/* Account: who you are signed in as, your password (change it: your other sessions are signed out and
 * your API tokens revoked), and your API tokens for scripts and the REST API (created here, shown once,
 * revocable). Admins can list everyone's tokens with ?all=1. */
import { KeyRound } from "lucide-react";
import Link from "next/link";
import { requirePageActor } from "@/components/layout/require-page-actor";
import { ApiTokensTable, NewApiTokenButton } from "@/components/users/api-tokens";
import { ChangePasswordForm } from "@/components/users/change-password-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listApiTokens } from "@/lib/api-tokens";
import { listProjects } from "@/lib/projects";
import { changePasswordAction, createApiTokenAction, revokeApiTokenAction } from "./actions";

const tokenActions = { create: createApiTokenAction, revoke: revokeApiTokenAction };

export const metadata = { title: "Account" };

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor("viewer");
  const all = (await searchParams).all === "1" && actor.role === "admin";
  const tokens = await listApiTokens(actor, { all });
  const projects = (await listProjects()).map((p) => ({ id: p.id, name: p.name }));
  return (
    <>
      <PageHeader title="Account" description="Your sign-in and the API tokens that act as you." />
      <Card className="mb-5">
        <CardBody className="flex flex-wrap items-center gap-x-8 gap-y-2 text-sm">
          <div>
            <span className="text-zinc-500">Signed in as </span>
            <span className="font-medium" data-testid="account-email">
              {actor.email}
            </span>
          </div>
          <div className="flex items-center gap-2">
            <span className="text-zinc-500">Role</span>
            <Badge tone={actor.role === "admin" ? "accent" : "neutral"}>{actor.role}</Badge>
          </div>
        </CardBody>
      </Card>
      <section id="password" className="mb-5 scroll-mt-20">
        <Card>
          <CardHeader
            title="Password"
            description="Changing it signs out your other sessions (other browsers and devices) and revokes all your API tokens; this browser stays signed in."
          />
          <CardBody>
            <ChangePasswordForm action={changePasswordAction} />
          </CardBody>
        </Card>
      </section>
      <Card>
        <CardHeader
          title={all ? "Everyone's API tokens" : "API tokens"}
          description={
            <>
              Use a token as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code> with the REST API at{" "}
              <code className="font-mono">/api/v1</code>. It has the role of its owner, narrowed if you make it
              read-only, limit it to some projects or let it expire.
              {actor.role === "admin" ? (
                <>
                  {" "}
                  <Link
                    href={all ? "/account" : "/account?all=1"}
                    className="text-indigo-600 hover:underline dark:text-indigo-400"
                  >
                    {all ? "Show only mine" : "Show everyone's"}
                  </Link>
                </>
              ) : null}
            </>
          }
          actions={<NewApiTokenButton actions={tokenActions} projects={projects} />}
        />
        {tokens.length === 0 ? (
          <CardBody>
            <EmptyState
              className="border-0"
              icon={<KeyRound />}
              title="No API tokens"
              description="Create a token to drive Lifeboat from scripts, CI or the command line."
            />
          </CardBody>
        ) : (
          <ApiTokensTable tokens={tokens} showOwner={all} actions={tokenActions} projects={projects} />
        )}
      </Card>
    </>
  );
}
