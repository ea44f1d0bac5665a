/* The audit log: writeAudit (append) and listAudit (read with filters). */
export { writeAudit, type AuditEntry, type AuditOutcome } from "./write-audit";
export { listAudit, ZListAudit, type TListAudit, type AuditView } from "./list-audit";
