/* The narrowing part of the "Create an API token" form (API.md "Auth"): read-only (GET only), limited to
 * some projects, and an expiry. Controlled; `toTokenScope` turns the choices into the fields of
 * ZTokenScopeInput (lib/api-tokens/token-scope-schema.ts) the server action validates. Also the short
 * scope summary the tokens table shows. */
"use client";
import { Badge } from "@/components/ui/badge";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import type { TTokenScopeInput } from "@/lib/api-tokens/token-scope-schema";

export type ProjectOption = { id: string; name: string };
export type TokenScopeChoice = { readOnly: boolean; projectIds: string[] | null; expiresInDays: number | null };
export const NO_SCOPE: TokenScopeChoice = { readOnly: false, projectIds: null, expiresInDays: null };

const EXPIRY_CHOICES: { days: number | null; label: string }[] = [
  { days: null, label: "Never" },
  { days: 7, label: "In 7 days" },
  { days: 30, label: "In 30 days" },
  { days: 90, label: "In 90 days" },
  { days: 365, label: "In a year" },
];

export function toTokenScope(c: TokenScopeChoice): TTokenScopeInput {
  return {
    readOnly: c.readOnly,
    ...(c.projectIds ? { projectIds: c.projectIds } : {}),
    ...(c.expiresInDays ? { expiresAt: new Date(Date.now() + c.expiresInDays * 86_400_000).toISOString() } : {}),
  };
}

export function TokenScopeFields({
  value,
  onChange,
  projects,
  errors,
}: {
  value: TokenScopeChoice;
  onChange: (next: TokenScopeChoice) => void;
  projects: ProjectOption[];
  errors: { projectIds?: string; expiresAt?: string };
}) {
  const limited = value.projectIds !== null;
  const toggle = (id: string) => {
    const ids = value.projectIds ?? [];
    onChange({ ...value, projectIds: ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id] });
  };
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-start justify-between gap-4">
        <div>
          <Label htmlFor="token-read-only">Read-only</Label>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">Only reads (GET); every change is refused.</p>
        </div>
        <Switch
          id="token-read-only"
          data-testid="token-read-only"
          checked={value.readOnly}
          onCheckedChange={(readOnly) => onChange({ ...value, readOnly })}
        />
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="token-projects">Projects</Label>
        <Select
          id="token-projects"
          data-testid="token-projects"
          value={limited ? "some" : "all"}
          onChange={(e) => onChange({ ...value, projectIds: e.target.value === "some" ? [] : null })}
        >
          <option value="all">All projects (and the project-less endpoints)</option>
          <option value="some">Only the projects chosen below</option>
        </Select>
        {limited ? (
          <fieldset
            className="mt-1 flex max-h-36 flex-col gap-1.5 overflow-y-auto rounded-md border border-zinc-200 p-2 dark:border-zinc-700"
            aria-label="Projects this token may reach"
          >
            {projects.length === 0 ? <p className="text-xs text-zinc-500">There are no projects yet.</p> : null}
            {projects.map((p) => (
              <label key={p.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4 accent-indigo-600"
                  data-testid={`token-project-${p.name}`}
                  checked={value.projectIds?.includes(p.id) ?? false}
                  onChange={() => toggle(p.id)}
                />
                {p.name}
              </label>
            ))}
          </fieldset>
        ) : null}
        {errors.projectIds ? (
          <p role="alert" data-testid="field-error-token-projects" className="text-xs text-red-600 dark:text-red-400">
            {errors.projectIds}
          </p>
        ) : null}
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="token-expiry">Expires</Label>
        <Select
          id="token-expiry"
          data-testid="token-expiry"
          value={value.expiresInDays === null ? "" : String(value.expiresInDays)}
          onChange={(e) => onChange({ ...value, expiresInDays: e.target.value ? Number(e.target.value) : null })}
        >
          {EXPIRY_CHOICES.map((c) => (
            <option key={c.label} value={c.days === null ? "" : String(c.days)}>
              {c.label}
            </option>
          ))}
        </Select>
        {errors.expiresAt ? <p className="text-xs text-red-600 dark:text-red-400">{errors.expiresAt}</p> : null}
      </div>
    </div>
  );
}

/** The scope of a listed token in a few badges: read-only, its projects, its expiry. */
export function TokenScopeSummary({
  token,
  projects,
}: {
  token: { readOnly: boolean; projectIds: string[] | null; expiresAt: string | null };
  projects: ProjectOption[];
}) {
  const names = token.projectIds?.map((id) => projects.find((p) => p.id === id)?.name ?? "deleted project");
  const expired = token.expiresAt !== null && new Date(token.expiresAt).getTime() <= Date.now();
  return (
    <div className="flex flex-wrap gap-1" data-testid="token-scope">
      {!token.readOnly && !names && !token.expiresAt ? <span className="text-zinc-400">full</span> : null}
      {token.readOnly ? <Badge tone="neutral">read-only</Badge> : null}
      {names ? <Badge tone="neutral">{names.join(", ")}</Badge> : null}
      {token.expiresAt ? (
        <Badge tone={expired ? "red" : "neutral"}>
          {expired ? "expired" : "expires"} {new Date(token.expiresAt).toISOString().slice(0, 10)}
        </Badge>
      ) : null}
    </div>
  );
}
