/** A diagram as the checks see it, from any moddle's reading of it: no Node API, so Modeler's bundle has it too. */

/** The facts of a BPMN diagram that the tests and checks compare with the regulation and the workers. */
export interface ModelElement {
  id: string;
  type: string;
  name?: string;
  /** The text of its first bpmn:documentation. */
  documentation?: string;
  lane?: string;
  topic?: string;
  external: boolean;
  inputs: Record<string, string>;
  incoming: string[];
  outgoing: string[];
  /** Boundary events: the activity they sit on, whether they interrupt it, their timer. */
  attachedTo?: string;
  cancelActivity?: boolean;
  isInterrupting?: boolean;
  timerDuration?: string;
  triggeredByEvent?: boolean;
  parent?: string;
  /** User tasks: who may claim it, and the Camunda Form it shows. */
  candidateGroups?: string;
  formRef?: string;
  formRefBinding?: string;
  /** The element template the element was made from (Modeler's catalogue), and its extension properties. */
  modelerTemplate?: string;
  modelerTemplateVersion?: number;
  properties: Record<string, string>;
}

export interface Model {
  processId: string;
  /** camunda:versionTag: the version of the regulation the diagram implements. */
  versionTag?: string;
  executable: boolean;
  lanes: Array<{ id: string; name?: string }>;
  elements: Map<string, ModelElement>;
  flows: Array<{ id: string; source: string; target: string; condition?: string }>;
  /** Ids of flow nodes and flows that have a shape or an edge in the diagram. */
  drawn: Set<string>;
  warnings: string[];
  /** The bpmn-moddle definitions, for bpmnlint. */
  root: unknown;
}

/** The parts of a bpmn-moddle element the model reads. */
interface Moddle {
  $type: string;
  id: string;
  name?: string;
  documentation?: Array<{ text?: string }>;
  $attrs?: Record<string, unknown>;
  $body?: string;
  $children?: Moddle[];
  value?: unknown;
  rootElements?: Moddle[];
  laneSets?: Moddle[];
  lanes?: Moddle[];
  flowNodeRef?: Moddle[];
  flowElements?: Moddle[];
  sourceRef?: Moddle;
  targetRef?: Moddle;
  conditionExpression?: { body?: string };
  eventDefinitions?: Moddle[];
  timeDuration?: { body?: string };
  incoming?: Moddle[];
  outgoing?: Moddle[];
  attachedToRef?: Moddle;
  cancelActivity?: boolean;
  isInterrupting?: boolean;
  triggeredByEvent?: boolean;
  isExecutable?: boolean;
  extensionElements?: { values?: Moddle[] };
  diagrams?: Moddle[];
  plane?: { planeElement?: Moddle[] };
  bpmnElement?: Moddle;
  [key: string]: unknown;
}

/**
 * A Camunda attribute, read with Camunda's moddle extension (ours) or without it (bpmnlint's command
 * line keeps unknown attributes in `$attrs`).
 */
function camunda(e: Moddle, name: string): string | undefined {
  const value = e[name] ?? e.$attrs?.[`camunda:${name}`];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

/** The children of a Camunda extension element (camunda:inputOutput, camunda:properties), typed or generic. */
function extension(e: Moddle, element: string, list: string, child: string): Moddle[] {
  const typed = `camunda:${element[0].toUpperCase()}${element.slice(1)}`;
  const found = (e.extensionElements?.values ?? []).find((v) => v.$type === typed || v.$type === `camunda:${element}`);
  if (!found) return [];
  return (found[list] as Moddle[] | undefined) ?? (found.$children ?? []).filter((x) => x.$type === `camunda:${child}`);
}

/** The facts of diagram already read by a moddle (ours, or bpmn-js's inside Modeler and bpmnlint). */
export function modelOf(root: unknown, source: string, warnings: string[] = []): Model {
  const definitions = root as Moddle;
  const process = (definitions.rootElements ?? []).find((e) => e.$type === 'bpmn:Process');
  if (!process) throw new Error(`${source}: no process`);
  const laneOf = new Map<string, string>();
  const lanes: Model['lanes'] = [];
  for (const set of process.laneSets ?? []) {
    for (const lane of set.lanes ?? []) {
      lanes.push({ id: lane.id, name: lane.name });
      for (const node of lane.flowNodeRef ?? []) laneOf.set(node.id, lane.id);
    }
  }
  const elements = new Map<string, ModelElement>();
  const flows: Model['flows'] = [];
  const visit = (container: Moddle, parent?: string) => {
    for (const e of container.flowElements ?? []) {
      if (e.$type === 'bpmn:SequenceFlow') {
        flows.push({
          id: e.id,
          source: e.sourceRef?.id ?? '',
          target: e.targetRef?.id ?? '',
          condition: e.conditionExpression?.body,
        });
        continue;
      }
      const timer = (e.eventDefinitions ?? []).find((d) => d.$type === 'bpmn:TimerEventDefinition');
      const c = (name: string) => camunda(e, name);
      elements.set(e.id, {
        id: e.id,
        type: e.$type,
        name: e.name,
        documentation: e.documentation?.[0]?.text,
        lane: laneOf.get(e.id) ?? (parent ? laneOf.get(parent) : undefined),
        topic: c('topic'),
        external: c('type') === 'external',
        inputs: Object.fromEntries(
          extension(e, 'inputOutput', 'inputParameters', 'inputParameter').map((p) => [
            p.name ?? '',
            typeof p.value === 'string' ? p.value : (p.$body ?? ''),
          ]),
        ),
        incoming: (e.incoming ?? []).map((f) => f.id),
        outgoing: (e.outgoing ?? []).map((f) => f.id),
        attachedTo: e.attachedToRef?.id,
        cancelActivity: e.$type === 'bpmn:BoundaryEvent' ? e.cancelActivity !== false : undefined,
        isInterrupting: e.$type === 'bpmn:StartEvent' ? e.isInterrupting !== false : undefined,
        timerDuration: timer?.timeDuration?.body,
        triggeredByEvent: e.triggeredByEvent,
        parent,
        candidateGroups: c('candidateGroups'),
        formRef: c('formRef'),
        formRefBinding: c('formRefBinding'),
        modelerTemplate: c('modelerTemplate'),
        modelerTemplateVersion:
          c('modelerTemplateVersion') === undefined ? undefined : Number(c('modelerTemplateVersion')),
        properties: Object.fromEntries(
          extension(e, 'properties', 'values', 'property').map((p) => [
            p.name ?? '',
            typeof p.value === 'string' ? p.value : '',
          ]),
        ),
      });
      if (e.$type === 'bpmn:SubProcess') visit(e, e.id);
    }
  };
  visit(process);
  const drawn = new Set<string>();
  for (const diagram of definitions.diagrams ?? []) {
    for (const shape of diagram.plane?.planeElement ?? []) if (shape.bpmnElement) drawn.add(shape.bpmnElement.id);
  }
  return {
    processId: process.id,
    versionTag: camunda(process, 'versionTag'),
    executable: process.isExecutable === true,
    lanes,
    elements,
    flows,
    drawn,
    warnings,
    root: definitions,
  };
}
