import { isTimedStep, readyBy, stepsOf, type Regulation, type RegulationStep } from '../domain/regulation.js';
import { addDuration } from '../domain/duration.js';
import type { CamundaClient, HistoricActivity } from '../engine/camunda.js';
import type { ApplicationRecord } from '../store/applications.js';

export interface StepView {
  step: string;
  clause: string;
  elementId: string;
  name: string | null;
  startedAt: string;
  endedAt: string | null;
  limit: string | null;
  deadline: string | null;
  late: boolean;
}

/** The steps the status shows, by element; built once per regulation. */
const built = new WeakMap<Regulation, Map<string, RegulationStep>>();
function stepsByElement(regulation: Regulation): Map<string, RegulationStep> {
  let steps = built.get(regulation);
  if (!steps) built.set(regulation, (steps = new Map(stepsOf(regulation).filter(isTimedStep).map((s) => [s.elementId, s]))));
  return steps;
}

function stepView(activity: HistoricActivity, steps: Map<string, RegulationStep>, now: Date): StepView | null {
  const step = steps.get(activity.activityId);
  if (!step) return null;
  const deadline = step.limit ? addDuration(activity.startTime, step.limit) : null;
  const finished = activity.endTime ? Date.parse(activity.endTime) : now.getTime();
  return {
    step: step.step,
    clause: step.clause,
    elementId: step.elementId,
    name: activity.activityName,
    startedAt: activity.startTime,
    endedAt: activity.endTime,
    limit: step.limit ?? null,
    deadline,
    late: deadline !== null && finished > Date.parse(deadline),
  };
}

/** §13, §16: where an application stands, from the engine's history and the Redis record. */
export async function statusView(record: ApplicationRecord, engine: CamundaClient, regulation: Regulation, now = new Date()) {
  const { results } = record;
  const view = {
    id: record.id,
    channel: record.channel,
    status: record.status,
    receivedAt: record.createdAt,
    readyBy: readyBy(record.createdAt, regulation.term.limit).toISOString(),
    term: regulation.term.limit,
    registrationNumber: (results.registration as { number?: string } | undefined)?.number ?? null,
    currentStep: null as StepView | null,
    steps: [] as StepView[],
    outcome: outcomeOf(record),
    breaches: record.breaches,
    engine: 'available' as 'available' | 'unavailable',
  };
  if (!record.processInstanceId) return view;
  try {
    const history = await engine.activityHistory(record.processInstanceId);
    const steps = stepsByElement(regulation);
    view.steps = history.map((a) => stepView(a, steps, now)).filter((s): s is StepView => s !== null);
    view.currentStep = view.steps.find((s) => s.endedAt === null) ?? null;
  } catch {
    view.engine = 'unavailable';
  }
  return view;
}

function outcomeOf(record: ApplicationRecord) {
  const r = record.results as Record<string, any>;
  switch (record.status) {
    case 'assigned':
    case 'refused':
      return {
        decision: record.status,
        amount: r.decision?.outcome === 'assigned' ? r.decision.amount : null,
        ground: r.decision?.ground ?? null,
        calculation: r.decision?.calculation ?? null,
        notification: r.notification?.text ?? null,
        deliveredTo: r.delivery?.to ?? null,
      };
    case 'intake-refused':
      return { decision: record.status, receipt: r.receipt ?? null };
    case 'authorization-refused':
      return { decision: record.status, reason: r.authorization?.reason ?? null };
    case 'eds-refused':
      return { decision: record.status, problems: r.eds?.problems ?? [], reason: r.eds?.reason ?? null };
    case 'documents-refused':
      return { decision: record.status, reason: r.documents?.reason ?? null, missing: r.documents?.missing ?? [], expired: r.documents?.expired ?? [], unknown: r.documents?.unknown ?? [], files: r.documents?.files ?? [] };
    default:
      return null;
  }
}
