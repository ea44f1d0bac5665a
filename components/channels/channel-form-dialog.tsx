/* ChannelFormDialog: add or edit a notification channel. The type is fixed after creation. The body is
 * checked in the browser with the shared ZChannelInput first (errors under their fields), then by the
 * server action with the same schema. Secrets are never shown; empty keeps the stored one. */
"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field, FormError, TextField } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useActionForm } from "@/components/ui/use-action-form";
import {
  CHANNEL_TYPE_LABELS,
  CHANNEL_TYPES,
  type ChannelType,
  type ChannelView,
  type TChannelInput,
} from "@/lib/notify/schema";
import type { RoutingChoices } from "@/lib/notify/routing-choices";
import type { ChannelActions } from "./action-types";
import { ChannelFields } from "./channel-fields";
import { channelBodyFromValues, checkChannelBody, valuesFromChannel } from "./channel-input";

export function ChannelFormDialog({
  channel,
  actions,
  choices,
  open,
  onOpenChange,
}: {
  channel?: ChannelView;
  actions: Pick<ChannelActions, "create" | "update">;
  choices: RoutingChoices;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const [type, setType] = useState<ChannelType>(channel?.type ?? "email");
  const [values, setValues] = useState(() => valuesFromChannel(channel));
  const [local, setLocal] = useState<Record<string, string>>({});
  useEffect(() => {
    if (open) {
      setType(channel?.type ?? "email");
      setValues(valuesFromChannel(channel));
      setLocal({});
    }
  }, [open, channel]);
  const set = (k: string, v: string) => setValues((prev) => ({ ...prev, [k]: v }));
  const form = useActionForm(
    (body: TChannelInput) => (channel ? actions.update(channel.id, body) : actions.create(body)),
    {
      onSuccess: (c) => {
        toast.success(channel ? `Channel ${c.name} saved` : `Channel ${c.name} added. Use "Send test" to try it.`);
        onOpenChange(false);
        router.refresh();
      },
    },
  );
  const error = (k: string) => local[k] ?? form.fieldError(k);
  const projectIds = (values.projectIds ?? "").split(",").filter(Boolean);

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) form.reset();
        onOpenChange(o);
      }}
    >
      <DialogContent
        title={channel ? `Edit channel ${channel.name}` : "Add a notification channel"}
        description="Where Lifeboat tells people about failed and overdue backups, and when they are fixed."
        testId="channel-dialog"
        className="max-w-xl"
      >
        <form
          className="flex flex-col gap-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const body = channelBodyFromValues(type, values);
            const problems = checkChannelBody(body);
            setLocal(problems ?? {});
            if (!problems) void form.submit(body);
          }}
        >
          <div className="grid grid-cols-2 gap-3">
            <TextField
              id="name"
              label="Name"
              value={values.name ?? ""}
              onChange={(e) => set("name", e.target.value)}
              error={error("name")}
              placeholder="Ops e-mail"
              autoFocus
            />
            <Field id="type" label="Type" error={error("type")}>
              {(p) => (
                <Select
                  {...p}
                  data-testid="input-type"
                  value={type}
                  disabled={Boolean(channel)}
                  onChange={(e) => setType(e.target.value as ChannelType)}
                >
                  {CHANNEL_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {CHANNEL_TYPE_LABELS[t]}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <ChannelFields
            type={type}
            values={values}
            set={set}
            error={error}
            secretKeys={channel?.secretKeys ?? []}
            environments={choices.environments}
          />
          {type === "healthchecks" ? null : (
            <div className="grid grid-cols-2 gap-3">
              <Field id="minSeverity" label="Tell about" error={error("minSeverity")}>
                {(p) => (
                  <Select
                    {...p}
                    value={values.minSeverity ?? "warning"}
                    onChange={(e) => set("minSeverity", e.target.value)}
                  >
                    <option value="info">Everything</option>
                    <option value="warning">Warnings and critical</option>
                    <option value="critical">Critical only</option>
                  </Select>
                )}
              </Field>
              <Field id="projectIds" label="Projects" error={error("projectIds")}>
                {(p) => (
                  <Select
                    {...p}
                    value={projectIds[0] ?? ""}
                    onChange={(e) => set("projectIds", e.target.value)}
                    data-testid="input-projectIds"
                  >
                    <option value="">All projects</option>
                    {choices.projects.map((pr) => (
                      <option key={pr.id} value={pr.id}>
                        Only {pr.name}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            </div>
          )}
          <FormError message={form.formError} />
          <DialogFooter>
            <Button onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" variant="primary" loading={form.pending} data-testid="channel-submit">
              {channel ? "Save" : "Add channel"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
