/* GET / PATCH / DELETE one environment. PATCH {active:false} pauses its schedules. */
import { apiRoute } from "@/lib/http";
import { deleteEnvironment, getEnvironment, updateEnvironment, ZUpdateEnvironment } from "@/lib/environments";

export const GET = apiRoute("viewer", async ({ params }) => getEnvironment(params.id!));

export const PATCH = apiRoute("admin", async ({ actor, params, body }) =>
  updateEnvironment(params.id!, await body(ZUpdateEnvironment), actor),
);

export const DELETE = apiRoute("admin", async ({ actor, params }) => {
  await deleteEnvironment(params.id!, actor);
});
