import { isTimedStep, readyBy, stepsOf, type Regulation, type RegulationStep } from '../domain/regulation.js';
import { stepRuns, type StepRun } from '../domain/step-runs.js';
import type { CamundaClient, HistoricActivity } from '../engine/camunda.js';
import type { ApplicationRecord } from '../store/applications.js';
import { DISTRICTS, reroutedNote } from '../domain/districts.js';
import { almatyDateTime } from '../domain/almaty.js';
import { withAlmaty } from './almaty-times.js';
import type { ApplicationStatusView, StepView } from './responses.js';
import { familySize, periodIncome } from '../domain/application.js';
import { countedFamily, type Verification } from '../domain/state-data.js';

/** The steps the status shows, by element; built once per regulation. */
const built = new WeakMap<Regulation, Map<string, RegulationStep>>();
function stepsByElement(regulation: Regulation): Map<string, RegulationStep> {
  let steps = built.get(regulation);
  if (!steps)
    built.set(
      regulation,
      (steps = new Map(
        stepsOf(regulation)
          .filter(isTimedStep)
          .map((s) => [s.elementId, s]),
      )),
    );
  return steps;
}

const WAITING_FOR: Record<NonNullable<RegulationStep['group']>, (district: string) => string> = {
  commission: (d) => `the commission of ${d}`,
  specialists: (d) => `a responsible specialist of ${d}`,
  heads: (d) => `the head of the department of ${d}`,
};

function stepView(activity: HistoricActivity, run: StepRun, step: RegulationStep, district: string): StepView {
  const waitingFor =
    step.group && !activity.endTime
      ? `${WAITING_FOR[step.group](district)} since ${almatyDateTime(activity.startTime)} Almaty time`
      : undefined;
  const row = {
    step: run.step,
    ...(waitingFor ? { waitingFor } : {}),
    citation: run.citation,
    elementId: run.elementId,
    name: activity.activityName,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    limit: run.limit,
    limitOf: run.limitOf,
    deadline: run.deadline,
    late: run.late,
  };
  return withAlmaty(row, 'startedAt', 'endedAt', 'deadline');
}

/**
 * §13, §16: where an application stands, from the engine's history and the Redis record. `staff` (the
 * State Corporation's operators) also see which member of the commission entered its decision; the
 * applicant never sees a person's name or code.
 */
export async function statusView(
  record: ApplicationRecord,
  engine: CamundaClient,
  regulation: Regulation,
  audience: 'applicant' | 'staff',
  now = new Date(),
): Promise<ApplicationStatusView> {
  const { results } = record;
  const due = readyBy(record.createdAt, regulation.term.limit);
  const deliveredAt = results.delivery?.deliveredAt ?? null;
  const view: ApplicationStatusView = {
    id: record.id,
    channel: record.channel,
    status: record.status,
    /** §1: the district whose department handles it; the registered one once the state data re-routed it. */
    district: record.district,
    ...(record.declaredDistrict
      ? { declaredDistrict: record.declaredDistrict, routing: reroutedNote(record.declaredDistrict, record.district) }
      : {}),
    // §13: the applicant is told the ready-by time in Almaty time.
    ...withAlmaty({ receivedAt: record.createdAt, readyBy: due.toISOString() }, 'receivedAt', 'readyBy'),
    term: regulation.term.limit,
    /** §6: the provider's term is met when the result reaches the State Corporation or the cabinet, not when it is collected. */
    termMet: termMet(deliveredAt, due, now),
    ...withAlmaty({ resultDeliveredAt: deliveredAt }, 'resultDeliveredAt'),
    stateData: stateDataOf(record.dossier, results.stateData?.verification),
    registrationNumber: results.registration?.number ?? null,
    currentStep: null,
    steps: [],
    outcome: outcomeOf(record, audience),
    breaches: record.breaches.map((b) => withAlmaty(b, 'recordedAt')),
    engine: 'available',
  };
  if (!record.processInstanceId) return view;
  try {
    const history = await engine.activityHistory(record.processInstanceId);
    const steps = stepsByElement(regulation);
    const district = DISTRICTS[record.district]?.ru ?? record.district;
    view.steps = stepRuns(history, steps, now).map(({ run, view: s }) =>
      stepView(run, s, steps.get(s.elementId)!, district),
    );
    // Inside step 4 both the step and its part are open: the innermost (the latest started) is where it stands.
    view.currentStep = view.steps.filter((s) => s.endedAt === null).at(-1) ?? null;
  } catch {
    view.engine = 'unavailable';
  }
  return view;
}

/** true when the result arrived in time, false when it arrived late or is still on its way past the term, null while it may still. */
function termMet(deliveredAt: string | null, due: Date, now: Date): boolean | null {
  if (deliveredAt) return Date.parse(deliveredAt) <= due.getTime();
  return now.getTime() > due.getTime() ? false : null;
}

/**
 * §11: what the applicant declared, what the calculation used, and which items the registers changed —
 * never a register's figure: the totals include confirmed members' incomes and dwellings, which are
 * theirs. The same for the State Corporation's operators, who take applications and hand out results
 * (§10) and decide nothing; the register detail and the findings are the commission's (the case sheet).
 */
function stateDataOf(dossier: ApplicationRecord['dossier'], verification: Verification | undefined) {
  if (!verification) return null;
  const { household } = verification;
  return {
    declared: {
      periodIncome: periodIncome(dossier),
      familyMembers: familySize(dossier),
      onlyDwelling: dossier.household.onlyDwelling,
      permanentlyRegistered: dossier.household.permanentlyRegistered,
    },
    used: {
      periodIncome: verification.periodIncome,
      familyMembers: countedFamily(dossier, verification),
      onlyDwelling: household.onlyDwelling,
      permanentlyRegistered: household.permanentlyRegistered,
    },
    differs: [...new Set(verification.differences.map((d) => d.field))],
  };
}

function outcomeOf(record: ApplicationRecord, audience: 'applicant' | 'staff'): ApplicationStatusView['outcome'] {
  const r = record.results;
  switch (record.status) {
    case 'assigned':
    case 'refused': {
      const decision = r.decision;
      return {
        decision: record.status,
        amount: decision?.outcome === 'assigned' ? decision.amount : null,
        ground: decision?.outcome === 'refused' ? decision.ground : null,
        calculation: decision?.calculation ?? null,
        decidedBy: decision?.by === 'commission' ? 'commission' : 'calculation',
        minutes: decision?.minutes ?? null,
        ...(audience === 'staff' && decision?.by === 'commission' ? { enteredBy: decision.decidedBy ?? null } : {}),
        notification: r.notification?.text ?? null,
        deliveredTo: r.delivery?.to ?? null,
      };
    }
    case 'intake-refused':
      return {
        decision: record.status,
        receipt: r.receipt ? withAlmaty(r.receipt, 'issuedAt') : null,
      };
    case 'authorization-refused':
      return { decision: record.status, reason: r.authorization?.reason ?? null };
    case 'eds-refused':
      return { decision: record.status, problems: r.eds?.problems ?? [], reason: r.eds?.reason ?? null };
    case 'documents-refused':
      return {
        decision: record.status,
        reason: r.documents?.reason ?? null,
        missing: r.documents?.missing ?? [],
        expired: r.documents?.expired ?? [],
        unknown: r.documents?.unknown ?? [],
        files: r.documents?.files ?? [],
      };
    default:
      return null;
  }
}
