import type { CamundaClient, HistoryQuery } from '../engine/camunda.js';
import { parseEngineTime } from '../engine/camunda.js';
import { measuredSteps, type Instance, type Span } from '../domain/sla.js';
import type { Regulation } from '../domain/regulation.js';

const PAGE = 500;

export interface History {
  instances: Instance[];
  spans: Map<string, Span[]>;
  recorded: Array<{ processInstanceId: string; element: string }>;
}

/** Pages through everything the report needs; `progress(done, total)` after each page. */
export async function readHistory(
  engine: CamundaClient,
  regulation: Regulation,
  window: HistoryQuery,
  progress: (done: number, total: number) => void = () => {},
): Promise<History> {
  const key = regulation.process;
  const definitions = await engine.processDefinitions(key);
  const elements = [...new Set([...measuredSteps(regulation).map((m) => m.element), ...regulation.term.metAt])].filter(
    (e) => e !== key,
  );
  // A step starts after its application: the window's start narrows the steps, its end must not (a step
  // of an application started before `until` may start after it).
  const steps: HistoryQuery = { startedAfter: window.startedAfter };
  const instanceCount = await engine.historicProcessInstanceCount({ processDefinitionKey: key, ...window });
  const activityCounts = await Promise.all(
    definitions.flatMap((d) =>
      elements.map(async (activityId) => ({
        definition: d.id,
        activityId,
        count: await engine.historicActivityCount({ processDefinitionId: d.id, activityId, ...steps }),
      })),
    ),
  );
  const variableCounts = await Promise.all(
    definitions.map(async (d) => ({
      definition: d.id,
      count: await engine.historicVariableCount({ processDefinitionId: d.id, variableName: 'breachedElement' }),
    })),
  );
  const total =
    instanceCount + activityCounts.reduce((n, a) => n + a.count, 0) + variableCounts.reduce((n, v) => n + v.count, 0);
  let done = 0;
  const advance = (n: number) => progress((done += n), total);
  progress(0, total);

  const instances: Instance[] = [];
  for (let first = 0; first < instanceCount; first += PAGE) {
    const page = await engine.historicProcessInstancePage(
      { processDefinitionKey: key, ...window },
      { firstResult: first, maxResults: PAGE },
    );
    for (const p of page)
      instances.push({
        processInstanceId: p.id,
        businessKey: p.businessKey,
        startTime: parseEngineTime(p.startTime),
        endTime: p.endTime ? parseEngineTime(p.endTime) : null,
      });
    advance(page.length);
    if (page.length < PAGE) break;
  }
  // Only the steps of the applications in the window, whenever the step itself started.
  const inWindow = new Set(instances.map((i) => i.processInstanceId));
  const spans = new Map<string, Span[]>(elements.map((e) => [e, []]));
  for (const { definition, activityId, count } of activityCounts) {
    for (let first = 0; first < count; first += PAGE) {
      const page = await engine.historicActivities(
        { processDefinitionId: definition, activityId, ...steps },
        { firstResult: first, maxResults: PAGE },
      );
      for (const a of page) {
        if (inWindow.has(a.processInstanceId) && !a.canceled)
          spans.get(activityId)!.push({
            processInstanceId: a.processInstanceId,
            startTime: parseEngineTime(a.startTime),
            endTime: a.endTime ? parseEngineTime(a.endTime) : null,
          });
      }
      advance(page.length);
      if (page.length < PAGE) break;
    }
  }
  const recorded: History['recorded'] = [];
  for (const { definition, count } of variableCounts) {
    for (let first = 0; first < count; first += PAGE) {
      const page = await engine.historicVariables(
        { processDefinitionId: definition, variableName: 'breachedElement' },
        { firstResult: first, maxResults: PAGE },
      );
      for (const v of page)
        if (inWindow.has(v.processInstanceId) && typeof v.value === 'string')
          recorded.push({ processInstanceId: v.processInstanceId, element: v.value });
      advance(page.length);
      if (page.length < PAGE) break;
    }
  }
  return { instances, spans, recorded };
}
