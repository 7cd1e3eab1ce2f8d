import { join } from 'node:path';
import type { z } from 'zod';
import { loadPeople, loadRegulation, loadRules } from '../../src/config.js';
import type { ApplicationStatus, Dossier } from '../../src/domain/application.js';
import { checkStepResult } from '../../src/domain/step-results.js';
import { describeCopies } from '../../src/domain/documents.js';
import type { RecordedBreach, StepName, StepResults } from '../../src/domain/steps.js';
import type { CabinetMessage, OutTrayItem } from '../../src/domain/trays.js';
import { ROOT } from '../../src/paths.js';
import { createLogger } from '../../src/platform/logger.js';
import { handle, type Outcome } from '../../src/runtime/pipeline.js';
import type { StepServices, StepSettings, WorkerDefinition } from '../../src/runtime/worker.js';
import {
  counterKey,
  type ApplicationFacts,
  type Counter,
  type RecordAlso,
  type StepEffects,
} from '../../src/store/step-effects.js';
import type { Once } from '../../src/store/ledger.js';

/**
 * The step effects in memory, for a worker's unit test: the same contract as the Redis store (each
 * effect once per task; a second run of the task gets the first result back and changes nothing).
 */
export class MemoryEffects implements StepEffects {
  /** The application's state; a task's ledger (what it has done) is its own. */
  private readonly state: {
    results: Partial<StepResults>;
    status: ApplicationStatus;
    cabinet: Map<string, CabinetMessage[]>;
    outTray: Map<string, OutTrayItem[]>;
    audit: Array<{ action: string; detail: string }>;
    breaches: RecordedBreach[];
    counters: Map<string, number>;
  };
  private readonly ledger = new Map<string, unknown>();

  constructor(
    readonly facts: ApplicationFacts & { dossier: Dossier },
    results: Partial<StepResults> = {},
    state?: MemoryEffects['state'],
  ) {
    this.state = state ?? {
      results: { ...results },
      status: 'in-progress',
      cabinet: new Map(),
      outTray: new Map(),
      audit: [],
      breaches: [],
      counters: new Map(),
    };
  }

  /** The same application as another task sees it. */
  forTask(): MemoryEffects {
    return new MemoryEffects(this.facts, {}, this.state);
  }

  get results() {
    return this.state.results;
  }
  get status() {
    return this.state.status;
  }
  get cabinet() {
    return this.state.cabinet;
  }
  get outTray() {
    return this.state.outTray;
  }
  get audit() {
    return this.state.audit;
  }
  get breaches() {
    return this.state.breaches;
  }
  get counters() {
    return this.state.counters;
  }

  dossier = async (): Promise<Dossier> => {
    const stored = structuredClone(this.facts.dossier);
    return { ...stored, documents: describeCopies(stored.documents) };
  };
  submitted = async () => structuredClone(this.facts.dossier);
  application = async (): Promise<ApplicationFacts> => ({
    id: this.facts.id,
    channel: this.facts.channel,
    district: this.facts.district,
    declaredDistrict: this.facts.declaredDistrict,
    createdAt: this.facts.createdAt,
    acceptedBy: this.facts.acceptedBy,
    account: this.facts.account,
    centre: this.facts.centre,
  });
  stepResult = async <S extends StepName>(step: S) => {
    const stored = this.results[step];
    return stored === undefined ? undefined : checkStepResult(step, structuredClone(stored));
  };

  private once<T>(operation: string, result: T, effect: () => void): Once<T> {
    if (this.ledger.has(operation)) return { result: this.ledger.get(operation) as T, replayed: true };
    effect();
    this.ledger.set(operation, structuredClone(result));
    return { result: structuredClone(result), replayed: false };
  }

  record = async <S extends StepName>(step: S, result: StepResults[S], also: RecordAlso = {}) => {
    const checked = checkStepResult(step, result);
    return this.once(step, checked, () => {
      this.results[step] = structuredClone(checked);
      if (also.status) this.state.status = also.status;
      if (also.route) Object.assign(this.facts, also.route);
      if (also.toCabinet)
        this.cabinet.set(also.toCabinet.account, [
          ...(this.cabinet.get(also.toCabinet.account) ?? []),
          also.toCabinet.message,
        ]);
      if (also.toOutTray)
        this.outTray.set(also.toOutTray.centre, [
          ...(this.outTray.get(also.toOutTray.centre) ?? []),
          also.toOutTray.item,
        ]);
      this.audit.push(...(also.audit ?? []));
    });
  };

  recordBreach = async (breach: RecordedBreach) => this.once('breach', breach, () => this.breaches.push(breach));

  nextNumber = async (counter: Counter) => {
    const key = counterKey(counter);
    return this.once(`next:${counter.of}`, (this.counters.get(key) ?? 0) + 1, () =>
      this.counters.set(key, (this.counters.get(key) ?? 0) + 1),
    ).result;
  };

  askOnce = async <T>(operation: string, schema: z.ZodType<T>, ask: () => Promise<T>): Promise<Once<T>> => {
    if (this.ledger.has(operation)) return { result: schema.parse(this.ledger.get(operation)), replayed: true };
    const answer = await ask();
    return this.once(operation, answer, () => undefined);
  };
}

/** The shipped settings (regulation, rules, people), as the daemon reads them. */
export function shippedSettings(): StepSettings {
  return {
    regulation: loadRegulation(),
    rules: loadRules(join(ROOT, 'config', 'housing-assistance-rules.yaml')),
    people: loadPeople(join(ROOT, 'config', 'people.yaml')),
    APPLICANT_KEY_SECRET: 'a test secret of at least thirty-two characters',
  };
}

const unused = (what: string) => () => {
  throw new Error(`this step should not need ${what}`);
};

export interface StepRun {
  variables?: Record<string, unknown>;
  now?: Date;
  settings?: StepSettings;
  services?: Partial<StepServices>;
  /** Retries left as the engine counts them (null: first delivery). */
  retries?: number | null;
}

/** Runs a worker's step as the daemon's pipeline does (validate → handle), on the in-memory effects. */
export function runStep(worker: WorkerDefinition, effects: MemoryEffects, run: StepRun = {}): Promise<Outcome> {
  const now = run.now ?? new Date('2026-03-02T06:00:00Z');
  const services: StepServices = {
    stateGateway: unused('the state gateway'),
    signAsProvider: unused('a signature'),
    checkEds: unused('an EDS check'),
    commissionSubmission: unused("the commission task's history"),
    ...run.services,
  };
  return handle(
    worker,
    { applicationId: effects.facts.id, retries: run.retries ?? null, variables: run.variables ?? {} },
    (variables) => ({
      applicationId: effects.facts.id,
      processInstanceId: `instance-of-${effects.facts.id}`,
      variables,
      now: () => now,
      log: createLogger('test', 'silent'),
      settings: run.settings ?? shippedSettings(),
      services,
      effects,
    }),
    { retries: 2, baseMs: 100 },
  );
}

/** An application in memory: the dossier, where it came in, and what earlier steps recorded. */
export function memoryApplication(
  dossier: Dossier,
  results: Partial<StepResults> = {},
  facts: Partial<ApplicationFacts> = {},
): MemoryEffects {
  return new MemoryEffects(
    {
      id: 'app-1',
      channel: dossier.channel,
      district: dossier.address.district,
      createdAt: '2026-03-02T05:00:00.000Z',
      // Who sent it, as the API records it: a portal account or the district's centre.
      ...(dossier.channel === 'portal' ? { account: 'acc-1' } : { centre: `con-${dossier.address.district}` }),
      dossier,
      ...facts,
    },
    results,
  );
}
