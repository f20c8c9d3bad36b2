import { auditContract } from '../../shared/contracts/audit';
import { defineFunction } from '../_lib/handler';
import { listAudit } from './log';

/**
 * The audit log's reader (操作记录), its own small function: every other function writes the log in
 * its own transactions, this one only reads it, for the supervisors and county admins; keeping it
 * apart keeps a read-only, supervision-facing permission out of the message function.
 */
export const audit = defineFunction(auditContract, {
  list: { run: listAudit },
});

export const main = audit.main;
