import type { Redis } from 'ioredis';
import type { Logger } from '../platform/logger.js';
import { appendAudit, AUDIT_STREAM } from '../store/applications.js';

export interface AuditEntry {
  actor: string;
  action: 'create' | 'read' | 'list' | 'read-receipt' | 'at-desk' | 'hand-over' | 'read-cabinet';
  applicationId: string;
}

export { AUDIT_STREAM };

/**
 * Every read and write of an application: who (an operator code or an account key, never a name or
 * an IIN), what, when, which application. Kept in a Redis stream (capped) and written to the log.
 */
export class Audit {
  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {}

  async record(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const at = new Date().toISOString();
    await appendAudit(
      this.redis,
      entries.map((e) => ({ at, actor: e.actor, action: e.action, applicationId: e.applicationId })),
    );
    for (const e of entries) this.log.info({ event: 'audit', at, ...e }, 'audit');
  }
}
