import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CamundaClient } from '../engine/camunda.js';
import type { Regulation } from '../domain/regulation.js';
import { WORKERS } from '../../workers/all.js';
import { changeReport, modelChanges } from './changes.js';
import { checkDiagrams, formatFinding } from './check.js';
import { parseModel, readModel } from './model-file.js';
import { workersContext } from './templates.js';

/**
 * What `npm run deploy` and `npm run amend` print before anything is deployed: every finding of the
 * diagrams of `dir` against the regulation, the workers and bpmnlint, and each diagram's changes against
 * the version the engine runs now. `problems` counts the findings that refuse a deployment.
 */
export async function checkBeforeDeploy(
  engine: CamundaClient,
  dir: string,
  regulation: Regulation,
): Promise<{ problems: number; lines: string[] }> {
  const diagrams = readdirSync(dir)
    .filter((f) => f.endsWith('.bpmn'))
    .map((f) => join(dir, f));
  const { reports, unusedWorkers } = await checkDiagrams(diagrams, workersContext(WORKERS, regulation), { engine });
  const lines: string[] = [];
  const findings = reports.flatMap((r) => r.findings.map((f) => ({ file: r.file, f })));
  for (const { file, f } of findings) lines.push(`✗ ${file}\n${formatFinding(f)}`);
  // A topic an amendment renamed or removed keeps its worker while open tasks of running versions wait on it.
  const unused: string[] = [];
  for (const t of unusedWorkers) {
    const { count } = await engine.request<{ count: number }>(
      'GET',
      `/external-task/count?${new URLSearchParams({ topicName: t }).toString()}`,
    );
    if (count)
      lines.push(
        `! no diagram here uses the topic ${t}, but ${count} open task(s) of running versions wait on it: its worker stays in workers/ until they are done`,
      );
    else unused.push(t);
  }
  for (const t of unused) lines.push(`✗ no diagram uses the topic ${t}, which a worker listens on`);
  for (const report of reports) {
    const model = await readModel(report.file);
    const [running] = await engine.processDefinitions(model.processId);
    const against = running ? `${running.key} version ${running.version}` : null;
    if (against)
      lines.push(
        ...changeReport(
          modelChanges(await parseModel(await engine.processDefinitionXml(running.id), against), model),
          against,
        ),
      );
    else lines.push(`${model.processId}: not deployed yet`);
    for (const w of report.warnings) lines.push(`  ! ${w.element} [${w.rule}]: ${w.message}\n    fix: ${w.fix}`);
  }
  return { problems: findings.length + unused.length, lines };
}
