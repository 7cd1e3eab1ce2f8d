/**
 * Cockpit plugin (Camunda 7.14+ plugin API, loaded through app/cockpit/scripts/config.js): the regulation's
 * deadlines on an application's page and, per step, the running applications past their limit on the
 * process definition's page. It reads the engine's history with the logged-in user's session, so it sees
 * what Cockpit lets that user see; the rule (limits, deadlines, Almaty time) is the domain's, bundled in.
 */
import { almatyDateTime } from '../domain/almaty.js';
import { durationWords } from '../domain/duration.js';
import { overdueIfStartedBefore, stepRuns, termRun, type HistoricRun } from '../domain/step-runs.js';
import type { CockpitLimits } from './limits.js';

/** What Cockpit passes a plugin's render(): the session's REST bases and its CSRF token. */
interface CockpitApi {
  /** The webapp's engine REST for the current engine, e.g. /camunda/api/engine/engine/default. */
  engineApi: string;
  CSRFToken: string;
}

interface RenderContext {
  api: CockpitApi;
  processInstanceId?: string;
  processDefinitionId?: string;
}

/** The little of the DOM the plugin uses (the project's compiler knows Node's globals, not a browser's). */
interface DomNode {
  append(...children: Array<DomNode | string>): void;
  replaceChildren(...children: Array<DomNode | string>): void;
  setAttribute(name: string, value: string): void;
}
declare const document: { createElement(tag: string): DomNode };

const LIMITS_URL = new URL('./limits.json', import.meta.url);
let limitsOnce: Promise<CockpitLimits> | undefined;

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

const limits = () =>
  (limitsOnce ??= fetch(LIMITS_URL, { credentials: 'same-origin' }).then((r) =>
    json<CockpitLimits>(r, 'the regulation limits'),
  ));

async function engine<T>(api: CockpitApi, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${api.engineApi}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      'X-XSRF-TOKEN': api.CSRFToken,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return json<T>(res, path.split('?')[0]);
}

/** The engine's REST date format (yyyy-MM-dd'T'HH:mm:ss.SSSZ). */
const engineTime = (d: Date) => d.toISOString().replace('Z', '+0000');

const q = encodeURIComponent;

function el(tag: string, attrs: Record<string, string> = {}, ...children: Array<DomNode | string>): DomNode {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function table(head: string[], rows: DomNode[]): DomNode {
  return el(
    'table',
    { class: 'cam-table housing-deadlines' },
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows),
  );
}

const percent = (used: number | null) => (used === null ? '—' : `${Math.round(used * 100)}%`);

/** A bar of the share of the limit used: green, amber past 80%, red past the limit. */
function share(used: number | null): DomNode {
  if (used === null) return el('span', {}, '—');
  const colour = used > 1 ? '#c9302c' : used > 0.8 ? '#ec971f' : '#449d44';
  const width = Math.min(100, Math.round(used * 100));
  return el(
    'span',
    { class: 'housing-share' },
    el(
      'span',
      { style: 'display:inline-block;width:80px;height:8px;background:#eee;margin-right:6px;vertical-align:middle' },
      el('span', { style: `display:block;height:8px;width:${width}%;background:${colour}` }),
    ),
    percent(used),
  );
}

/** A row with a breach, in Bootstrap's colours for danger (Cockpit's tables do not colour .danger rows). */
const marked = (breach: string | boolean): Record<string, string> =>
  breach ? { class: 'danger', style: 'background:#f2dede;color:#a94442' } : { class: '' };

function message(node: DomNode, text: string): void {
  node.replaceChildren(el('p', { class: 'housing-deadlines-message' }, text));
}

const ALMATY = ' (Almaty)';

async function renderInstance(node: DomNode, { api, processInstanceId }: RenderContext): Promise<void> {
  const id = processInstanceId!;
  const [regulation, history, instance, recorded] = await Promise.all([
    limits(),
    engine<Array<HistoricRun & { canceled: boolean }>>(
      api,
      `/history/activity-instance?processInstanceId=${q(id)}&sortBy=startTime&sortOrder=asc&maxResults=2000`,
    ),
    engine<{ startTime: string }>(api, `/history/process-instance/${q(id)}`),
    engine<Array<{ value: unknown }>>(
      api,
      `/history/variable-instance?processInstanceId=${q(id)}&variableName=breachedElement&deserializeValues=false`,
    ),
  ]);
  const now = new Date();
  const steps = new Map(regulation.steps.map((s) => [s.elementId, s]));
  const recordedBreaches = new Set(recorded.map((v) => v.value));
  const breach = (late: boolean, element: string) =>
    [late ? 'past the limit' : '', recordedBreaches.has(element) ? "recorded by the engine's timer" : '']
      .filter(Boolean)
      .join('; ');
  const when = (at: string) => el('td', { style: 'white-space:nowrap' }, almatyDateTime(at));
  const rows = stepRuns(history, steps, now).map(({ view: s }) =>
    el(
      'tr',
      { 'data-element': s.elementId, ...marked(breach(s.late, s.elementId)) },
      el('td', {}, s.step),
      el('td', {}, s.citation),
      when(s.startedAt),
      s.endedAt ? when(s.endedAt) : el('td', {}, 'in progress'),
      el(
        'td',
        {},
        s.limit ? `${durationWords(s.limit)}${s.limitOf === s.step ? '' : ` (step ${s.limitOf})`}` : 'no limit',
      ),
      s.deadline ? when(s.deadline) : el('td', {}, '—'),
      el('td', {}, share(s.used)),
      el('td', {}, breach(s.late, s.elementId) || '—'),
    ),
  );
  const term = termRun(regulation.term, instance.startTime, history, now);
  rows.push(
    el(
      'tr',
      { 'data-element': regulation.process, ...marked(breach(term.late, regulation.process)) },
      el('td', {}, 'term'),
      el('td', {}, regulation.term.clause),
      when(term.startedAt),
      el('td', {}, term.metAt ? `result arrived ${almatyDateTime(term.metAt)}` : 'in progress'),
      el('td', {}, durationWords(term.limit)),
      when(term.deadline),
      el('td', {}, share(term.used)),
      el('td', {}, breach(term.late, regulation.process) || '—'),
    ),
  );
  node.replaceChildren(
    el(
      'p',
      {},
      'The steps of the regulation this application has been in, their limits (calendar time, as the engine counts them) and deadlines in Almaty time (UTC+5).',
    ),
    table(
      ['Step', 'Clause', `Started${ALMATY}`, `Ended${ALMATY}`, 'Limit', `Deadline${ALMATY}`, 'Limit used', 'Breach'],
      rows,
    ),
  );
}

async function renderDefinition(node: DomNode, { api, processDefinitionId }: RenderContext): Promise<void> {
  const id = processDefinitionId!;
  const regulation = await limits();
  const now = new Date();
  const limited = regulation.steps.filter((s) => s.limit);
  const [counts, recorded] = await Promise.all([
    Promise.all(
      limited.map((s) =>
        engine<{ count: number }>(
          api,
          `/history/activity-instance/count?processDefinitionId=${q(id)}&activityId=${q(s.elementId)}` +
            `&unfinished=true&startedBefore=${q(engineTime(overdueIfStartedBefore(s.limit!, now)))}`,
        ),
      ),
    ),
    engine<Array<{ processInstanceId: string; value: unknown }>>(
      api,
      `/history/variable-instance?processDefinitionId=${q(id)}&variableName=breachedElement&deserializeValues=false`,
    ),
  ]);
  // The breaches the engine's timers recorded, of the applications still running.
  const ids = [...new Set(recorded.map((v) => v.processInstanceId))];
  const running = new Set(
    ids.length
      ? (
          await engine<Array<{ id: string }>>(api, '/history/process-instance', {
            processInstanceIds: ids,
            unfinished: true,
          })
        ).map((p) => p.id)
      : [],
  );
  const recordedOf = (element: string) =>
    new Set(
      recorded.filter((v) => v.value === element && running.has(v.processInstanceId)).map((v) => v.processInstanceId),
    ).size;
  const rows = limited.map((s, i) =>
    el(
      'tr',
      { 'data-element': s.elementId, ...marked(counts[i].count + recordedOf(s.elementId) > 0) },
      el('td', {}, s.step),
      el('td', {}, s.citation),
      el('td', {}, durationWords(s.limit!)),
      el('td', { class: 'housing-overdue' }, String(counts[i].count)),
      el('td', { class: 'housing-recorded' }, String(recordedOf(s.elementId))),
    ),
  );
  rows.push(
    el(
      'tr',
      { 'data-element': regulation.process, ...marked(recordedOf(regulation.process) > 0) },
      el('td', {}, 'term'),
      el('td', {}, regulation.term.clause),
      el('td', {}, durationWords(regulation.term.limit)),
      el('td', { class: 'housing-overdue' }, '—'),
      el('td', { class: 'housing-recorded' }, String(recordedOf(regulation.process))),
    ),
  );
  node.replaceChildren(
    el('p', {}, `Running applications of this version past a step's limit, as of ${almatyDateTime(now)} Almaty time.`),
    table(['Step', 'Clause', 'Limit', 'In the step past its limit', "Breach recorded by the engine's timer"], rows),
  );
}

function tab(
  id: string,
  pluginPoint: string,
  priority: number,
  draw: (node: DomNode, context: RenderContext) => Promise<void>,
) {
  return {
    id,
    pluginPoint,
    priority,
    label: 'Deadlines',
    render(node: DomNode, context: RenderContext) {
      message(node, 'Reading the deadlines…');
      draw(node, context).catch((e: unknown) =>
        message(node, `The deadlines could not be read: ${e instanceof Error ? e.message : String(e)}`),
      );
    },
  };
}

export default [
  tab('housing-deadlines-instance', 'cockpit.processInstance.runtime.tab', 20, renderInstance),
  // After the list of instances, which stays the page's first tab.
  tab('housing-deadlines-definition', 'cockpit.processDefinition.runtime.tab', 1, renderDefinition),
];
