/**
 * `node --import tsx test/bench/engine-gauges.ts`: what one refresh of the engine's process gauges
 * (engine/…/ProcessGauges.java) costs with GAUGES_INSTANCES running instances (default 1000) spread over
 * external tasks, incidents and every district commission's user task, on H2 or (GAUGES_DB=postgres)
 * PostgreSQL. Reads camunda_gauges_refresh_seconds from the engine's own scrape. Not part of `npm test`.
 */
import { freePort } from '../../src/stack/stack.js';
import { typedAll } from '../../src/engine/camunda.js';
import { DISTRICT_IDS } from '../../src/domain/districts.js';
import { startStandaloneEngine } from '../support/engines.js';
import { createDatabase } from '../support/postgres.js';

const N = Number(process.env.GAUGES_INSTANCES ?? 1000);
const REFRESH_MS = 2_000;
const SAMPLES = 10;
const say = (line: string) => process.stdout.write(`[gauges] ${line}\n`);

const db = process.env.GAUGES_DB === 'postgres' ? createDatabase(`gauges_${process.pid}`) : undefined;
const engine = await startStandaloneEngine({ port: await freePort(), db, gaugesRefreshMs: REFRESH_MS });
const base = engine.url.replace(/\/engine-rest$/, '');

async function refreshTimer(): Promise<{ count: number; sum: number; max: number }> {
  const text = await (await fetch(`${base}/actuator/prometheus`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    count: read('camunda_gauges_refresh_seconds_count'),
    sum: read('camunda_gauges_refresh_seconds_sum'),
    max: read('camunda_gauges_refresh_seconds_max'),
  };
}

/** The mean and the largest refresh over the next SAMPLES refreshes (one scrape per refresh). */
async function measure(): Promise<{ meanMs: number; maxMs: number }> {
  const from = await refreshTimer();
  let last = from;
  let maxMs = 0;
  while (last.count < from.count + SAMPLES) {
    await new Promise((r) => setTimeout(r, REFRESH_MS));
    const now = await refreshTimer();
    if (now.count > last.count) maxMs = Math.max(maxMs, ((now.sum - last.sum) / (now.count - last.count)) * 1000);
    last = now;
  }
  return { meanMs: ((last.sum - from.sum) / (last.count - from.count)) * 1000, maxMs };
}

try {
  const empty = await measure();
  say(`empty engine: ${empty.meanMs.toFixed(1)} ms a refresh (max ${empty.maxMs.toFixed(1)} ms)`);
  const yesterday = new Date(Date.now() - 86_400_000);
  const began = Date.now();
  for (let i = 0; i < N; i++) {
    // Four in ten at a commission's user task (half overdue), the rest at external tasks (one instance in ten failed).
    const atTask = i % 10 < 4;
    const district = DISTRICT_IDS[i % DISTRICT_IDS.length];
    const { id } = await engine.admin.request<{ id: string }>(
      'POST',
      '/process-definition/key/housing-assistance/start',
      {
        businessKey: `gauges-${i}`,
        variables: typedAll(
          atTask ? { district, commissionDueDate: i % 2 ? yesterday : new Date(Date.now() + 864e5) } : {},
        ),
        startInstructions: [
          {
            type: 'startBeforeActivity',
            activityId: atTask ? 'UserTask_CommissionDecision' : i % 3 ? 'Task_Registration' : 'Task_Resolution',
          },
        ],
      },
    );
    if (i % 10 === 9) {
      const [task] = await engine.admin.externalTasks({ processInstanceId: id });
      await engine.admin.setExternalTaskRetries(task.id, 0);
    }
  }
  say(`${N} instances started in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  const loaded = await measure();
  say(
    `${N} running instances: ${loaded.meanMs.toFixed(1)} ms a refresh (max ${loaded.maxMs.toFixed(1)} ms) on ${db ? 'PostgreSQL' : 'H2'}`,
  );
  const text = await (await fetch(`${base}/actuator/prometheus`)).text();
  const series = text.split('\n').filter((l) => l.startsWith('camunda_') && !l.startsWith('camunda_gauges_'));
  say(`${series.length} camunda_* series, for example:\n${series.slice(0, 12).join('\n')}`);
} finally {
  await engine.stop();
  // GAUGES_KEEP_DB=1 keeps the PostgreSQL database, to EXPLAIN the gauges' queries on it.
  if (process.env.GAUGES_KEEP_DB === '1') say(`database kept: ${db?.url}`);
  else db?.drop();
}
process.exit(0);
