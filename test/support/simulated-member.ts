import { join } from 'node:path';
import { loadPeople } from '../../src/config.js';
import { almatyDate } from '../../src/domain/almaty.js';
import { DISTRICT_IDS, type District } from '../../src/domain/districts.js';
import { passwordsFromDir } from '../../src/engine/identity.js';
import { ROOT } from '../../src/paths.js';
import { EngineAdmin } from './engine-admin.js';

/** What a member enters in the commission's form (bpmn/commission-decision.form). */
export interface MemberEntry {
  commissionOutcome?: string;
  commissionAmount?: number;
  commissionGround?: string | null;
  amountReason?: string;
  minutesNumber?: string;
  minutesDate?: string;
}

export interface CommissionTask {
  id: string;
  processInstanceId: string;
  district: District;
  /** The form's prefilled fields: the calculation's recommendation. */
  prefilled: MemberEntry;
}

export interface MemberOptions {
  /** The engine's REST root; CAMUNDA_URL by default. */
  url?: string;
  /** One password file per engine user; ENGINE_PASSWORDS_DIR by default. */
  passwordsDir?: string;
  /** What the member enters; by default the prefilled recommendation with the minutes' number and today's date. */
  decide?: (task: CommissionTask) => MemberEntry;
}

const TASK_KEY = 'UserTask_CommissionDecision';
let minutes = 0;

/** The recommendation as prefilled, with the minutes a commission writes (§6 step 4 / §10 5)). */
export const acceptRecommendation = (task: CommissionTask): MemberEntry => ({
  ...task.prefilled,
  minutesNumber: `SIM-${++minutes}`,
  minutesDate: almatyDate(new Date()),
});

const typed = (entry: MemberEntry) =>
  Object.fromEntries(
    Object.entries(entry)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, { value: v, type: typeof v === 'number' ? 'Double' : 'String' }]),
  );

/**
 * A member of each district's commission (the first in config/people.yaml), signed in to the engine
 * with their own login: the step-4 decision of tests, chaos and the bench goes through the engine's
 * task API exactly as Tasklist sends it (claim, then submit the form), never around the commission.
 */
export function commissionMembers(options: MemberOptions = {}): Map<District, { userId: string; engine: EngineAdmin }> {
  const url = options.url ?? process.env.CAMUNDA_URL!;
  const passwordOf = passwordsFromDir(options.passwordsDir ?? process.env.ENGINE_PASSWORDS_DIR!);
  const people = loadPeople(join(ROOT, 'config', 'people.yaml'));
  return new Map(
    DISTRICT_IDS.map((district) => {
      const userId = people.districts[district].commission[0];
      return [district, { userId, engine: new EngineAdmin(url, { user: userId, password: passwordOf(userId) }) }];
    }),
  );
}

/**
 * Decides every commission task waiting (of one instance, or all), each by a member of its district's
 * commission; returns how many it decided. A task another member claimed first is left to them.
 */
export async function decideWaiting(
  processInstanceId?: string,
  options: MemberOptions = {},
  members = commissionMembers(options),
): Promise<number> {
  const decide = options.decide ?? acceptRecommendation;
  let decided = 0;
  await Promise.all(
    [...members].map(async ([district, member]) => {
      const query = new URLSearchParams({ processDefinitionKey: 'housing-assistance', taskDefinitionKey: TASK_KEY });
      if (processInstanceId) query.set('processInstanceId', processInstanceId);
      const tasks = await member.engine.request<Array<{ id: string; processInstanceId: string }>>(
        'GET',
        `/task?${query.toString()}&maxResults=100`,
      );
      for (const t of tasks) {
        try {
          await member.engine.request('POST', `/task/${t.id}/claim`, { userId: member.userId });
          const form = await member.engine.request<Record<string, { value: unknown }>>(
            'GET',
            `/task/${t.id}/form-variables?variableNames=commissionOutcome,commissionAmount,commissionGround`,
          );
          const prefilled: MemberEntry = {
            commissionOutcome: form.commissionOutcome?.value as string,
            commissionAmount: form.commissionAmount?.value as number,
            commissionGround: (form.commissionGround?.value as string | null) ?? null,
          };
          const entry = decide({ id: t.id, processInstanceId: t.processInstanceId, district, prefilled });
          await member.engine.request('POST', `/task/${t.id}/submit-form`, { variables: typed(entry) });
          decided += 1;
        } catch {
          // Claimed by someone else meanwhile, or already completed: the next round sees what is left.
        }
      }
    }),
  );
  return decided;
}

/** Keeps deciding while a load runs (chaos, bench); stop() ends it and resolves with how many it decided. */
export function simulatedMember(options: MemberOptions & { everyMs?: number } = {}): { stop(): Promise<number> } {
  const members = commissionMembers(options);
  let stopped = false;
  let decided = 0;
  const loop = (async () => {
    while (!stopped) {
      const n = await decideWaiting(undefined, options, members).catch(() => 0);
      decided += n;
      if (n === 0) await new Promise((r) => setTimeout(r, options.everyMs ?? 250));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return decided;
    },
  };
}
