import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Channel, Dossier } from '../domain/application.js';
import type { CamundaClient } from '../engine/camunda.js';
import type { Logger } from '../runtime/logger.js';
import { Applications, applicantKey } from '../store/applications.js';

export const START_MESSAGE: Record<Channel, string> = {
  'state-corporation': 'housing-assistance.state-corporation',
  portal: 'housing-assistance.portal',
};

const startLockKey = (id: string) => `start-lock:${id}`;

/**
 * Intake: the dossier is stored first and marked "to start"; then its process instance is started.
 * When the engine is down the application waits in Redis and the reconciler starts it later, so an
 * accepted application is never lost; a Redis lock and a business-key lookup keep it to one instance.
 */
export class Intake {
  private readonly applications: Applications;

  constructor(private readonly redis: Redis, private readonly engine: CamundaClient, private readonly log: Logger) {
    this.applications = new Applications(redis);
  }

  async submit(dossier: Dossier, options: { clientKey?: string; portalSubjectIin?: string }): Promise<{ id: string; created: boolean; started: boolean }> {
    const receivedAt = new Date().toISOString();
    const variables: Record<string, unknown> = { channel: dossier.channel, receivedAt, district: dossier.address.district };
    if (dossier.channel === 'portal') variables.submittedBy = options.portalSubjectIin ? applicantKey(options.portalSubjectIin) : null;
    const { id, created } = await this.applications.create(randomUUID(), dossier, receivedAt, options.clientKey, {
      startVariables: JSON.stringify(variables),
    });
    if (!created) return { id, created, started: true };
    const started = await this.start(id);
    return { id, created, started };
  }

  /** Starts the process of a stored application unless it already has one; true when it is running. */
  async start(id: string): Promise<boolean> {
    const lock = await this.redis.set(startLockKey(id), '1', 'PX', 30_000, 'NX');
    if (!lock) return false;
    try {
      const existing = await this.engine.historicProcessInstances({ businessKey: id, processDefinitionKey: 'housing-assistance' });
      if (existing.length > 0) {
        await this.applications.markStarted(id, existing[0].id);
        return true;
      }
      const raw = await this.redis.hmget(`app:${id}`, 'channel', 'startVariables');
      if (!raw[0] || !raw[1]) return false;
      const processInstanceId = await this.engine.startByMessage(START_MESSAGE[raw[0] as Channel], id, JSON.parse(raw[1]));
      await this.applications.markStarted(id, processInstanceId);
      this.log.info({ event: 'process-started', applicationId: id, processInstanceId }, 'process instance started');
      return true;
    } catch (e) {
      this.log.warn({ event: 'start-deferred', applicationId: id, err: (e as Error).message }, 'could not start the process now; the reconciler will retry');
      return false;
    } finally {
      await this.redis.del(startLockKey(id));
    }
  }

  /** Starts every stored application still waiting for its process; returns how many started. */
  async reconcile(): Promise<number> {
    let started = 0;
    for (const id of await this.applications.pendingStarts()) {
      if (await this.start(id)) started += 1;
    }
    return started;
  }
}
