import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { modelOf, type Model } from './model.js';

export type { Model, ModelElement } from './model.js';
export { modelOf } from './model.js';

const camundaDescriptor = createRequire(import.meta.url)('camunda-bpmn-moddle/resources/camunda.json') as Record<
  string,
  unknown
>;

export function readModel(file: string): Promise<Model> {
  return parseModel(readFileSync(file, 'utf8'), file);
}

/** The same from a diagram's XML (a deployed version, say); `source` names it in errors. */
export async function parseModel(xml: string, source: string): Promise<Model> {
  const moddle = BpmnModdle({ camunda: camundaDescriptor });
  const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
  return modelOf(
    rootElement,
    source,
    warnings.map((w: { message: string }) => w.message),
  );
}
