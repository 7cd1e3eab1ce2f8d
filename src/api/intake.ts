import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Channel, Dossier } from '../domain/application.js';
import { EngineError, type CamundaClient } from '../engine/camunda.js';
import type { Logger } from '../platform/logger.js';
import { Applications, type AcceptedBy, type Owner } from '../store/applications.js';
import { Pending } from '../store/pending.js';
import type { DeskMark } from '../domain/trays.js';

export const START_MESSAGE: Record<Channel, string> = {
  'state-corporation': 'housing-assistance.state-corporation',
  portal: 'housing-assistance.portal',
};

/** Step 6's two moments: the applicant is at the desk (the 15 minutes start), the notification is handed over. */
export const DESK_MESSAGE: Record<DeskMark, string> = {
  'at-desk': 'housing-assistance.applicant-at-desk',
  'handed-over': 'housing-assistance.handed-over',
};

/**
 * Intake: the dossier is stored first and marked "to start"; then its process instance is started.
 * When the engine is down the application waits in Redis and the reconciler starts it later, so an
 * accepted application is never lost; a Redis lock and a business-key lookup keep it to one instance.
 */
export class Intake {
  private readonly applications: Applications;
  private readonly pending: Pending;

  constructor(
    redis: Redis,
    private readonly engine: CamundaClient,
    private readonly log: Logger,
  ) {
    this.applications = new Applications(redis);
    this.pending = new Pending(redis);
  }

  /**
   * `owner` is who submitted it: the State Corporation centre, or the portal account (its key, never the
   * IIN). It stays in Redis: the steps read it there, never from a process variable anyone could write.
   */
  async submit(
    dossier: Dossier,
    options: { owner: Owner; clientKey?: string; acceptedBy?: AcceptedBy; fileRetentionSeconds?: number },
  ): Promise<{ id: string; created: boolean; started: boolean }> {
    const receivedAt = new Date().toISOString();
    const variables: Record<string, unknown> = {
      channel: dossier.channel,
      receivedAt,
      district: dossier.address.district,
    };
    const { id, created } = await this.applications.create(
      randomUUID(),
      dossier,
      receivedAt,
      options.owner,
      options.clientKey,
      {
        startVariables: JSON.stringify(variables),
        ...(options.acceptedBy ? { acceptedBy: JSON.stringify(options.acceptedBy) } : {}),
      },
      options.fileRetentionSeconds,
    );
    if (!created) return { id, created, started: true };
    const started = await this.start(id);
    return { id, created, started };
  }

  /** Starts the process of a stored application unless it already has one; true when it is running. */
  async start(id: string): Promise<boolean> {
    if (!(await this.pending.lockStart(id))) return false;
    try {
      const existing = await this.engine.historicProcessInstances({
        businessKey: id,
        processDefinitionKey: 'housing-assistance',
      });
      if (existing.length > 0) {
        await this.applications.markStarted(id, existing[0].id);
        return true;
      }
      const start = await this.applications.startOf(id);
      if (!start) return false;
      const processInstanceId = await this.engine.startByMessage(START_MESSAGE[start.channel], id, start.variables);
      await this.applications.markStarted(id, processInstanceId);
      this.log.info({ event: 'process-started', applicationId: id, processInstanceId }, 'process instance started');
      return true;
    } catch (e) {
      this.log.warn(
        { event: 'start-deferred', applicationId: id, err: (e as Error).message },
        'could not start the process now; the reconciler will retry',
      );
      return false;
    } finally {
      await this.pending.releaseStart(id);
    }
  }

  /**
   * Step 6: the applicant is at the desk, or the employee handed the notification over; the process
   * waits for each in turn. The mark is kept until the engine has it, so an engine that is down (or a
   * step not yet reached) only delays it.
   */
  async desk(kind: DeskMark, id: string): Promise<boolean> {
    await this.pending.holdDesk(kind, id);
    try {
      await this.engine.correlate(DESK_MESSAGE[kind], { businessKey: id });
    } catch (e) {
      const waiting = e instanceof EngineError && e.status === 400;
      if (
        !waiting ||
        (
          await this.engine.historicProcessInstances({ businessKey: id, processDefinitionKey: 'housing-assistance' })
        ).every((p) => p.state === 'ACTIVE')
      ) {
        this.log.warn(
          { event: `${kind}-deferred`, applicationId: id, err: (e as Error).message },
          `${kind} not yet passed to the engine; will retry`,
        );
        return false;
      }
    }
    await this.pending.passedDesk(kind, id);
    return true;
  }

  /** Starts every stored application still waiting for its process, and passes on waiting hand-overs. */
  async reconcile(): Promise<number> {
    let started = 0;
    for (const id of await this.applications.pendingStarts()) {
      if (await this.start(id)) started += 1;
    }
    for (const kind of ['at-desk', 'handed-over'] as const) {
      for (const id of await this.pending.desks(kind)) await this.desk(kind, id);
    }
    return started;
  }
}
