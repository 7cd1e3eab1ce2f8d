/** An element template's shape, without Node's modules: the Modeler plugin's rules read it in the browser. */
export interface TemplateProperty {
  label?: string;
  description?: string;
  type: 'Hidden' | 'String' | 'Text';
  value?: string;
  editable?: boolean;
  group?: string;
  constraints?: { notEmpty: boolean };
  binding: { type: 'property' | 'camunda:property' | 'camunda:inputParameter'; name: string };
}

export interface ElementTemplate {
  $schema: string;
  name: string;
  id: string;
  version: number;
  description: string;
  appliesTo: string[];
  groups: Array<{ id: string; label: string }>;
  properties: TemplateProperty[];
}

/** The properties the template fixes (not editable), which a bound task must carry as they are. */
export const fixedProperties = (t: ElementTemplate) =>
  t.properties.filter((p) => p.editable === false || p.type === 'Hidden');
