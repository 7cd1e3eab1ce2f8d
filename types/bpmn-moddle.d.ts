// bpmn-moddle 10 exports a factory; we use only fromXML.
declare module 'bpmn-moddle' {
  export interface Moddle {
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: unknown; warnings: Array<{ message: string }> }>;
  }
  export function BpmnModdle(packages?: Record<string, unknown>): Moddle;
}

// bpmnlint's resolver over a map of packed rules and configs (what bpmnlint-pack-config makes).
declare module 'bpmnlint/lib/resolver/static-resolver' {
  export default class StaticResolver {
    constructor(cache: Record<string, unknown>);
  }
}
