// The `describe` view: an architecture's family, default input and options, as a table
// (terminal, Markdown) and as the flopscope.describe/1 JSON object.
import type { ArchitectureDescription, OptionDescription } from '../dsl/describe.js';
import { VERSION } from '../version.js';
import { optionValueText } from './option-value.js';
import type { Tabular } from './tabular.js';

function allowed(o: OptionDescription): string {
  switch (o.type) {
    case 'enum':
      return (o.values ?? []).join(', ');
    case 'bool':
      return 'true, false';
    case 'intList':
      return o.accepts.replace(/^comma-separated integers ?/, 'integers ').replace(/^integers \(each (.*)\), or none$/, 'each $1; none');
    default:
      return o.min !== undefined || o.max !== undefined ? o.accepts.replace(/^an? (integer|number), /, '') : 'any';
  }
}

function dependsText(o: OptionDescription): string {
  if (!o.dependsOn) return '';
  const when = `${o.dependsOn.option}=${optionValueText(o.dependsOn.is)}`;
  return o.inert ? `${when} (off here)` : when;
}

export function describeTable(d: ArchitectureDescription): Tabular {
  const inert = d.options.filter((o) => o.inert).map((o) => o.name);
  return {
    title: [
      `${d.name}: ${d.description}`,
      `family ${d.family}: ${d.familyDoc}`,
      `default input ${d.input}`,
      ...Object.entries(d.source ?? {}).filter(([k]) => k !== 'format').map(([k, v]) => `${k}: ${v}`),
    ],
    columns: [
      { header: 'Option', kind: 'text' },
      { header: 'Type', kind: 'text', priority: 1 },
      { header: 'Value', kind: 'text' },
      { header: 'Default', kind: 'text', priority: 2 },
      { header: 'Allowed', kind: 'text', wrap: true },
      { header: 'Depends on', kind: 'text', wrap: true },
      { header: 'Description', kind: 'text', wrap: true },
    ],
    rows: d.options.map((o) => [o.name, o.type, optionValueText(o.value), optionValueText(o.default), allowed(o), dependsText(o), o.doc]),
    notes: [
      d.options.length
        ? `Value is what ${d.name} uses; change it with --set key=value (e.g. --set ${d.options[0].name}=${optionValueText(d.options[0].value)}), --input for another input.`
        : `${d.name} has no options to set; --input changes its input.`,
      ...(inert.length ? [`${inert.join(', ')} change nothing while the option they depend on is off.`] : []),
    ],
  };
}

/** The flopscope.describe/1 object. */
export function describeJson(d: ArchitectureDescription): Record<string, unknown> {
  return {
    schema: 'flopscope.describe/1',
    model: d.name,
    description: d.description,
    family: d.family,
    familyDoc: d.familyDoc,
    input: d.input,
    ...(d.source ? { source: d.source } : {}),
    options: d.options.map((o) => ({
      name: o.name,
      type: o.type,
      value: o.value,
      default: o.default,
      accepts: o.accepts,
      ...(o.values ? { values: o.values } : {}),
      ...(o.min !== undefined ? { min: o.min } : {}),
      ...(o.max !== undefined ? { max: o.max } : {}),
      doc: o.doc,
      ...(o.dependsOn ? { dependsOn: o.dependsOn } : {}),
      inert: o.inert,
    })),
    flopscopeVersion: VERSION,
  };
}
