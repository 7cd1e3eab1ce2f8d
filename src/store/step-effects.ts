import type { z } from 'zod';
import type { ApplicationStatus, Dossier } from '../domain/application.js';
import type { District } from '../domain/districts.js';
import type { RecordedBreach, StepName, StepResults } from '../domain/steps.js';
import { checkStepResult, recordedBreachSchema, STEP_RESULT_SCHEMAS } from '../domain/step-results.js';
import type { CabinetMessage, OutTrayItem } from '../domain/trays.js';
import {
  auditCommand,
  appKey,
  breachesKey,
  resultField,
  type ApplicationFacts,
  type Applications,
} from './applications.js';
import { ledgerKey, type Command, type Ledger, type Once } from './ledger.js';
import { cabinetKey, outTrayKey } from './trays.js';

export type { ApplicationFacts };

/** A gap-free sequence: registration numbers and refusal receipts per district and year, the head's designation turn per district. */
export type Counter =
  { of: 'registration' | 'receipt'; district: District; year: number } | { of: 'designation-turn'; district: District };

/** What a step writes besides its result, in the same transaction. */
export interface RecordAlso {
  status?: ApplicationStatus;
  /** A message in the applicant's personal cabinet (by account key). */
  toCabinet?: { account: string; message: CabinetMessage };
  /** An item in the out-tray of the State Corporation centre that accepted the documents. */
  toOutTray?: { centre: string; item: OutTrayItem };
  /** Entries for the audit stream (what the step found, never a name or an IIN). */
  audit?: Array<{ action: string; detail: string }>;
  /** §1: the application goes to the department of the district where the applicant is registered. */
  route?: { district: District; declaredDistrict: District };
}

/**
 * What a step reads of its application and the effects it has. Every effect is done exactly once for
 * the task's activity instance: a redelivery (lock expiry, a crash before `complete`, a Cockpit retry)
 * gets the first result back and changes nothing.
 */
export interface StepEffects {
  /** The dossier as stored (electronic copies described, not included). */
  dossier(): Promise<Dossier>;
  /** The request exactly as submitted and signed, electronic copies included. */
  submitted(): Promise<Dossier>;
  application(): Promise<ApplicationFacts>;
  /** A result an earlier step recorded on this application. */
  stepResult<S extends StepName>(step: S): Promise<StepResults[S] | undefined>;
  /** The step's result on the application, with its status, cabinet, out-tray and audit entries: one transaction. */
  record<S extends StepName>(step: S, result: StepResults[S], also?: RecordAlso): Promise<Once<StepResults[S]>>;
  /** A time limit's breach on the application. */
  recordBreach(breach: RecordedBreach): Promise<Once<RecordedBreach>>;
  /** The counter's next number. */
  nextNumber(counter: Counter): Promise<number>;
  /** `ask`'s answer, asked once: a redelivery reads the stored answer (by `schema`) instead of asking again. */
  askOnce<T>(operation: string, schema: z.ZodType<T>, ask: () => Promise<T>): Promise<Once<T>>;
}

/** The task a step runs for: the ledger keys its effects by the activity instance. */
export interface TaskRef {
  applicationId: string;
  processInstanceId: string;
  activityInstanceId: string;
  /** Who writes, in the audit stream. */
  topic: string;
}

export interface EffectsHooks {
  /** An effect found already done: its stored result was used. */
  replayed?(operation: string): void;
  /** A breach recorded for the first time. */
  breach?(element: string): void;
}

export const counterKey = (c: Counter): string =>
  c.of === 'designation-turn' ? `designation-turn:${c.district}` : `${c.of}-seq:${c.district}:${c.year}`;
/** The ledger's name for the number a task took (as it was before counters were typed: tasks in flight keep theirs). */
const TAKEN: Record<Counter['of'], string> = {
  registration: 'registration-number',
  receipt: 'receipt-number',
  'designation-turn': 'designation-turn',
};

/** A ledger transaction: commands on named keys, numbered for the script (1 is the ledger's own key). */
class Transaction {
  readonly keys: string[] = [];
  readonly commands: Command[] = [];
  add(name: string, key: string, ...args: string[]): this {
    if (!this.keys.includes(key)) this.keys.push(key);
    this.commands.push([name, this.keys.indexOf(key) + 2, ...args]);
    return this;
  }
}

export class MissingRecordError extends Error {}

/** The Redis implementation: it alone spells the keys. */
export function redisStepEffects(
  ledger: Ledger,
  applications: Applications,
  task: TaskRef,
  hooks: EffectsHooks = {},
  now: () => Date = () => new Date(),
): StepEffects {
  const { applicationId } = task;
  const key = (operation: string) => ledgerKey(task.processInstanceId, task.activityInstanceId, operation);
  const missing = () =>
    new MissingRecordError(`no dossier in Redis for application ${applicationId}; restore it from the intake backup`);
  const once = async <T>(operation: string, result: T, schema: z.ZodType<T>, tx: Transaction): Promise<Once<T>> => {
    const done = await ledger.commitOnce(key(operation), result, schema, tx.keys, tx.commands);
    if (done.replayed) hooks.replayed?.(operation);
    return done;
  };
  return {
    dossier: async () => (await applications.dossier(applicationId)) ?? Promise.reject(missing()),
    submitted: async () => (await applications.submitted(applicationId)) ?? Promise.reject(missing()),
    application: async () => {
      const facts = await applications.facts(applicationId);
      if (!facts) throw missing();
      return facts;
    },
    stepResult: async (step) => (await applications.result(applicationId, step)) ?? undefined,
    record: async (step, result, also = {}) => {
      const checked = checkStepResult(step, result);
      const tx = new Transaction().add('HSET', appKey(applicationId), resultField(step), JSON.stringify(checked));
      if (also.status) tx.add('HSET', appKey(applicationId), 'status', also.status);
      if (also.route)
        tx.add(
          'HSET',
          appKey(applicationId),
          'district',
          also.route.district,
          'declaredDistrict',
          also.route.declaredDistrict,
        );
      if (also.toCabinet) tx.add('RPUSH', cabinetKey(also.toCabinet.account), JSON.stringify(also.toCabinet.message));
      if (also.toOutTray) tx.add('RPUSH', outTrayKey(also.toOutTray.centre), JSON.stringify(also.toOutTray.item));
      const at = now().toISOString();
      for (const a of also.audit ?? [])
        tx.add(
          ...auditCommand({ at, actor: `worker:${task.topic}`, action: a.action, applicationId, detail: a.detail }),
        );
      return once(step, checked, STEP_RESULT_SCHEMAS[step], tx);
    },
    recordBreach: async (breach) => {
      const done = await once(
        'breach',
        breach,
        recordedBreachSchema,
        new Transaction().add('RPUSH', breachesKey(applicationId), JSON.stringify(breach)),
      );
      if (!done.replayed) hooks.breach?.(breach.element);
      return done;
    },
    nextNumber: async (counter) => {
      const done = await ledger.allocateOnce(key(TAKEN[counter.of]), counterKey(counter));
      if (done.replayed) hooks.replayed?.(TAKEN[counter.of]);
      return done.result;
    },
    askOnce: async (operation, schema, ask) => {
      const stored = await ledger.stored(key(operation), schema);
      if (stored !== undefined) {
        hooks.replayed?.(operation);
        return { result: stored, replayed: true };
      }
      return ledger.commitOnce(key(operation), await ask(), schema, [], []);
    },
  };
}
