import type { Model, ModelElement } from './model.js';

/** What a diagram changes against the version the engine runs now, in the terms an analyst reviews. */
export interface ModelChanges {
  added: string[];
  removed: string[];
  changed: Array<{ element: string; what: string }>;
  timers: Array<{ element: string; from: string; to: string }>;
  topicsAdded: string[];
  topicsRemoved: string[];
}

/** The properties of an element whose change matters to the engine, the workers or the regulation. */
const COMPARED: Array<keyof ModelElement> = [
  'type',
  'name',
  'topic',
  'external',
  'attachedTo',
  'cancelActivity',
  'isInterrupting',
  'candidateGroups',
  'formRef',
  'formRefBinding',
  'parent',
];

const topicsOf = (m: Model) => new Set([...m.elements.values()].map((e) => e.topic).filter((t): t is string => !!t));
const flowText = (f: Model['flows'][number]) => `${f.source} → ${f.target}${f.condition ? ` when ${f.condition}` : ''}`;

export function modelChanges(before: Model, after: Model): ModelChanges {
  const changes: ModelChanges = { added: [], removed: [], changed: [], timers: [], topicsAdded: [], topicsRemoved: [] };
  for (const [id, element] of after.elements) {
    const old = before.elements.get(id);
    if (!old) {
      changes.added.push(id);
      continue;
    }
    if (old.timerDuration !== element.timerDuration)
      changes.timers.push({ element: id, from: old.timerDuration ?? 'none', to: element.timerDuration ?? 'none' });
    for (const key of COMPARED) {
      if (old[key] !== element[key])
        changes.changed.push({ element: id, what: `${key}: ${shown(old[key])} → ${shown(element[key])}` });
    }
    if (JSON.stringify(old.inputs) !== JSON.stringify(element.inputs))
      changes.changed.push({
        element: id,
        what: `inputs: ${JSON.stringify(old.inputs)} → ${JSON.stringify(element.inputs)}`,
      });
  }
  for (const id of before.elements.keys()) if (!after.elements.has(id)) changes.removed.push(id);
  const oldFlows = new Map(before.flows.map((f) => [f.id, f]));
  const newFlows = new Map(after.flows.map((f) => [f.id, f]));
  for (const [id, flow] of newFlows) {
    const old = oldFlows.get(id);
    if (!old) changes.added.push(id);
    else if (flowText(old) !== flowText(flow))
      changes.changed.push({ element: id, what: `${flowText(old)} → ${flowText(flow)}` });
  }
  for (const id of oldFlows.keys()) if (!newFlows.has(id)) changes.removed.push(id);
  const [oldTopics, newTopics] = [topicsOf(before), topicsOf(after)];
  changes.topicsAdded = [...newTopics].filter((t) => !oldTopics.has(t)).sort();
  changes.topicsRemoved = [...oldTopics].filter((t) => !newTopics.has(t)).sort();
  return changes;
}

export const isUnchanged = (c: ModelChanges) => Object.values(c).every((list: unknown[]) => list.length === 0);

const shown = (v: unknown) =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? String(v)
    : v === undefined || v === null
      ? '—'
      : JSON.stringify(v);

/** The report `npm run deploy` prints before it deploys. */
export function changeReport(c: ModelChanges, against: string): string[] {
  if (isUnchanged(c)) return [`no change to the elements, flows or timers of ${against}`];
  return [
    `changes against ${against}:`,
    ...c.added.map((id) => `  + ${id}`),
    ...c.removed.map((id) => `  - ${id}`),
    ...c.timers.map((t) => `  ~ ${t.element}: timer ${t.from} → ${t.to}`),
    ...c.changed.map((x) => `  ~ ${x.element}: ${x.what}`),
    ...c.topicsAdded.map((t) => `  + topic ${t} (a worker must listen on it)`),
    ...c.topicsRemoved.map((t) => `  - topic ${t} (running instances of older versions may still need its worker)`),
  ];
}
