/* Transport helpers: route-handler and server-action wrappers and the error mapping they share. */
export { apiRoute, publicApiRoute, json, created, errorResponse, type ApiContext } from "./api-route";
export { runAction, runActionAs } from "./run-action";
export { toPublicError, validationError, zodFields } from "./error-mapping";
export type { ActionResult, ActionError } from "./action-result";
