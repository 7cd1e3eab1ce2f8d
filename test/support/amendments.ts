import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timerName } from '../../src/domain/regulation.js';
import { BPMN_DIR } from '../../src/engine/deployment.js';

/**
 * Amendments as an analyst writes them, each a copy of a bpmn/ folder (the diagram, its form,
 * regulation.yaml, migrations/) with the act's new version: the shipped bpmn/ is never changed.
 */

export interface AmendedDir {
  dir: string;
  version: string;
}

export const readBpmn = (dir: string) => readFileSync(join(dir, 'housing-assistance.bpmn'), 'utf8');
export const readRegulation = (dir: string) => readFileSync(join(dir, 'regulation.yaml'), 'utf8');

/** A copy of `from` as the act `version`: the diagram's version tag and the act block follow it. */
export function amend(
  from: AmendedDir,
  version: string,
  change: { bpmn?: (xml: string) => string; regulation?: (yaml: string) => string },
  act: { effective?: string; running?: 'migrate' | 'finish-on-old'; mapping?: Record<string, string> } = {},
): AmendedDir {
  const dir = mkdtempSync(join(tmpdir(), `amend-${version}-`));
  for (const f of ['commission-decision.form', '.bpmnlintrc']) copyFileSync(join(BPMN_DIR, f), join(dir, f));
  const xml = readBpmn(from.dir).replace(`camunda:versionTag="${from.version}"`, `camunda:versionTag="${version}"`);
  writeFileSync(join(dir, 'housing-assistance.bpmn'), (change.bpmn ?? ((x) => x))(xml));
  let yaml = readRegulation(from.dir)
    .replace(`version: ${from.version}`, `version: ${version}`)
    .replace(/^ {2}title: .*$/m, `  title: amendment ${version}`)
    .replace(/^ {2}amends: .*$/m, `  amends: ${from.version}`);
  if (act.effective) yaml = yaml.replace(/^ {2}effective: .*$/m, `  effective: ${act.effective}`);
  if (act.running) yaml = yaml.replace(/^ {2}running: .*$/m, `  running: ${act.running}`);
  writeFileSync(join(dir, 'regulation.yaml'), (change.regulation ?? ((y) => y))(yaml));
  if (act.mapping) {
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(
      join(dir, 'migrations', `${from.version}-to-${version}.yaml`),
      `from: ${from.version}\nto: ${version}\nelements:\n${Object.entries(act.mapping)
        .map(([a, b]) => `  ${a}: ${b}`)
        .join('\n')}\n`,
    );
  }
  return { dir, version };
}

/** A step's limit changed in both places, the timer's duration and its name derived from it (the check asks both). */
export const timerLimit =
  (timer: string, from: string, to: string) =>
  (xml: string): string =>
    xml
      .replace(
        `${timer}Definition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${from}<`,
        `${timer}Definition"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${to}<`,
      )
      .replace(`id="${timer}" name="${timerName(from)}"`, `id="${timer}" name="${timerName(to)}"`);

export const stepLimit =
  (element: string, from: string, to: string) =>
  (yaml: string): string =>
    yaml.replace(new RegExp(`(element: ${element},[^\\n]*limit: )${from}\\b`), `$1${to}`);

/** An element renamed everywhere the diagram names it (flows, lanes, boundary events, shapes). */
export const renameElement =
  (from: string, to: string) =>
  (text: string): string =>
    text.replace(new RegExp(`\\b${from}\\b`, 'g'), to);

export const HEAD_REVIEW = 'UserTask_HeadReview';

/**
 * A step inserted: the head reviews the commission's decision before the notification is prepared, in
 * Tasklist (the head's lane, the district's heads as candidates), between step 4 and step 5.
 */
export const headReviewInDiagram = (xml: string): string =>
  xml
    .replace(
      '<bpmn:sequenceFlow id="Flow_ToNotification" sourceRef="SubProcess_CommissionDecision" targetRef="Task_Notification" />',
      `<bpmn:sequenceFlow id="Flow_ToNotification" sourceRef="SubProcess_CommissionDecision" targetRef="${HEAD_REVIEW}" />
    <bpmn:sequenceFlow id="Flow_HeadReviewed" sourceRef="${HEAD_REVIEW}" targetRef="Task_Notification" />
    <bpmn:userTask id="${HEAD_REVIEW}" name="Review the commission's decision (step 4-1)" camunda:formRef="commission-decision" camunda:formRefBinding="deployment" camunda:candidateGroups="heads-\${district}"><bpmn:documentation>§6-1</bpmn:documentation><bpmn:incoming>Flow_ToNotification</bpmn:incoming><bpmn:outgoing>Flow_HeadReviewed</bpmn:outgoing></bpmn:userTask>`,
    )
    .replace(
      /(<bpmn:serviceTask id="Task_Notification"[\s\S]*?<bpmn:incoming>)Flow_ToNotification(<\/bpmn:incoming>)/,
      '$1Flow_HeadReviewed$2',
    )
    .replace(
      /(<bpmn:lane id="Lane_Head"[^>]*>)/,
      `$1
        <bpmn:flowNodeRef>${HEAD_REVIEW}</bpmn:flowNodeRef>`,
    )
    .replace(
      /(<bpmndi:BPMNShape id="Task_Resolution_di")/,
      `<bpmndi:BPMNShape id="${HEAD_REVIEW}_di" bpmnElement="${HEAD_REVIEW}"><dc:Bounds x="2720" y="1180" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_HeadReviewed_di" bpmnElement="Flow_HeadReviewed"><di:waypoint x="2770" y="1180" /><di:waypoint x="2770" y="890" /><di:waypoint x="2800" y="890" /></bpmndi:BPMNEdge>
      $1`,
    );

export const headReviewInRegulation = (yaml: string): string =>
  yaml.replace(
    /(\n {2}- \{ step: "5", )/,
    `
  - { step: "4-1", cite: "§6-1", actor: head, element: ${HEAD_REVIEW}, group: heads,
      what: "the head reviews the commission's decision before the notification (the amendment's new step)" }$1`,
  );

export { timers } from './amend.js';
