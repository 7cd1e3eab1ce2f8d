declare module '@bpmn-io/element-templates-validator/dist/index.js' {
  export function validate(template: unknown): { valid: boolean; errors: unknown[] | null };
}
