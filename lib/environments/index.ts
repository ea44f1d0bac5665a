/* Environments: one deployable copy of an app in a project (production, staging, development). */
export { ZCreateEnvironment, type TCreateEnvironment, createEnvironment } from "./create-environment";
export { ZUpdateEnvironment, type TUpdateEnvironment, updateEnvironment } from "./update-environment";
export { deleteEnvironment } from "./delete-environment";
export { getEnvironment, getEnvironmentBySlug, listEnvironments } from "./get-environment";
export {
  type EnvironmentView,
  type EnvironmentType,
  ENVIRONMENT_TYPES,
  ZEnvironmentType,
  ZTimeZone,
  isValidTimeZone,
} from "./environment-view";
