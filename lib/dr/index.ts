/* Disaster recovery per environment: targets vs measured, the verdict, and the runbook. */
export { drViewOf, getDr, putDrTargets } from "./load-dr";
export { ZDrTargetsInput, type DrView, type DrStatus, type TDrTargetsInput } from "./schema";
