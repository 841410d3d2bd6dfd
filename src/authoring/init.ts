/**
 * `speclint init`: a new spec skeleton written from a profile (built-in or
 * custom). Every required and recommended section in template order, at the
 * depth the template expects; the declared tables with their header rows;
 * the `**Field:**` labels; the checklist; a minimal mermaid block of the kind
 * a section must hold; the targets the profile's `slo-targets` asks for; and
 * guidance as HTML comments (which no rule reads as content).
 *
 * Placeholders come in two forms, both reported by `no-placeholders` and
 * skipped by the rules that judge values:
 *
 * - `TODO: e.g. 250ms`: a value (a table cell, a field, a title, a target).
 *   The text after "e.g." is the profile's `example` for that column or
 *   field; it is chosen so that, written in place of the placeholder, it
 *   satisfies the profile's value rules (durations with units, known
 *   criticality levels, P50 <= P95 <= P99 <= timeout, the profile's
 *   thresholds, identifiers of the right form).
 * - `TODO: <what to write>` on a line of its own: prose, the section's
 *   `description` when the profile has one, with "(at least N words)" when
 *   the section has `minWords`.
 *
 * Sections marked `optional` are left out; a `oneOf` choice is written as
 * its first alternative; a repeated section (`repeat`) and the subsections
 * of an `each` section are written as many times as their minimum (at least
 * once).
 *
 * Over 300 lines: one writer per kind of profile content (sections, tables,
 * fields, checklist, diagrams, targets), each small, all following the same
 * profile walk.
 */
import {columnMatches} from '../engine/match.js';
import {matchesSection, type Section} from '../engine/model.js';
import {
  checklistItem,
  columnName,
  presenceOf,
  severityOf,
  walkSpecs,
  type ColumnSpec,
  type DiagramKind,
  type Profile,
  type RuleSetting,
  type SectionSpec,
  type TableSpec,
} from '../profiles/types.js';
import {normalizeName} from '../lib/text.js';

export interface SkeletonOptions {
  /** The spec's title (`# <name>`); default: the profile's title. */
  name?: string;
  /** Rule settings from config, over the profile's (they can change which targets `slo-targets` asks for). */
  ruleOverrides?: Record<string, RuleSetting>;
}

/** A placeholder for a value: the example when the profile gives one, else what the value is. */
export function valuePlaceholder(spec: ColumnSpec): string {
  return spec.example !== undefined && spec.example.trim() !== '' ? `TODO: e.g. ${oneLine(spec.example)}` : `TODO: ${spec.name.toLowerCase()}`;
}

/**
 * The example state diagram's transitions (besides its `[*]` ends): a
 * transition table (From / To columns, as required-diagram reads them) in a
 * section that must hold a state diagram lists them, so table and diagram
 * name the same states.
 */
const EXAMPLE_TRANSITIONS: Array<[string, string, string]> = [
  ['Pending', 'Active', 'Approved'],
  ['Pending', 'Cancelled', 'Rejected'],
];
const FROM_COLUMN: ColumnSpec = {name: 'From', aliases: ['From State', 'Current State', 'Source']};
const TO_COLUMN: ColumnSpec = {name: 'To', aliases: ['To State', 'Next State', 'Target']};

/** Minimal valid mermaid diagrams, one per kind a section can require. */
const DIAGRAMS: Record<DiagramKind, string> = {
  flowchart: ['flowchart LR', '    Client[Client] --> Service[Service]', '    Service --> Database[(Database)]'].join('\n'),
  sequenceDiagram: [
    'sequenceDiagram',
    '    participant Client',
    '    participant Service',
    '    participant Database',
    '    Client->>Service: Request',
    '    Service->>Database: Query',
    '    Database-->>Service: Rows',
    '    Service-->>Client: Response',
  ].join('\n'),
  stateDiagram: [
    'stateDiagram-v2',
    '    [*] --> Pending',
    ...EXAMPLE_TRANSITIONS.map(([from, to, event]) => `    ${from} --> ${to}: ${event}`),
    '    Active --> [*]',
    '    Cancelled --> [*]',
  ].join('\n'),
  erDiagram: ['erDiagram', '    CUSTOMER ||--o{ ORDER : places', '    ORDER ||--|{ ORDER_LINE : contains'].join('\n'),
  classDiagram: ['classDiagram', '    class Order {', '        +String id', '        +place()', '    }', '    Order "1" --> "*" OrderLine'].join('\n'),
};

const DIAGRAM_LABEL: Record<DiagramKind, string> = {
  flowchart: 'flowchart',
  sequenceDiagram: 'sequence diagram',
  stateDiagram: 'state diagram',
  erDiagram: 'entity-relationship diagram',
  classDiagram: 'class diagram',
};

/** Minimal blocks for a `content: {code: LANG}` requirement, valid for the languages code-blocks parses. */
const CODE_EXAMPLES: Record<string, string> = {
  sql: 'CREATE TABLE example (\n  id bigint PRIMARY KEY\n);',
  json: '{"example": true}',
  yaml: 'example: true',
  yml: 'example: true',
  dbml: 'Table example {\n  id bigint [pk]\n}',
};

/** Explicit targets `slo-targets` accepts: a latency percentile and an availability percentage, with units. */
const LATENCY_TARGET = 'API response time p95 < 200 ms';
const AVAILABILITY_TARGET = '99.9% availability per month';

interface Targets {
  /** The section spec that gets the targets list. */
  spec: SectionSpec;
  lines: string[];
}

export function skeletonFor(profile: Profile, options: SkeletonOptions = {}): string {
  const sections = expand(profile.sections);
  const targets = targetsFor(profile, sections, options.ruleOverrides);
  const forced = new Set<SectionSpec>();
  if (targets) {
    // The section holding the targets is written even when the profile marks it optional.
    walkSpecs(sections, (located) => {
      if (located.spec !== targets.spec) return;
      for (let l: typeof located | undefined = located; l; l = l.parent) forced.add(l.spec);
    });
  }
  const title = oneLine(options.name ?? '') || profile.title || profile.name;
  const out: string[] = [
    `# ${title}`,
    comment(
      `Skeleton from the speclint profile "${profile.name}"${profile.title && profile.title !== title ? ` (${profile.title})` : ''}. ` +
        'Replace each TODO placeholder: after "e.g." it shows the kind of value expected, otherwise it says what to write. ' +
        'These comments are guidance; no rule reads them, delete them when you like.',
    ),
  ];
  const writer = new Writer(out, targets, forced);
  writer.sections(sections, 2);
  return out.join('\n\n').replace(/\n{3,}/g, '\n\n') + '\n';
}

class Writer {
  constructor(
    private readonly out: string[],
    private readonly targets: Targets | undefined,
    private readonly forced: Set<SectionSpec>,
  ) {}

  included(spec: SectionSpec): boolean {
    return presenceOf(spec) !== 'optional' || this.forced.has(spec);
  }

  sections(specs: SectionSpec[], depth: number, inStateSection = false): void {
    for (const spec of specs) {
      if (!this.included(spec)) continue;
      const titles = instanceTitles(spec);
      for (const title of titles) this.section(spec, title, depth, inStateSection);
    }
  }

  section(spec: SectionSpec, title: string, depth: number, inStateSection: boolean): void {
    // required-diagram compares a state diagram with the transition tables anywhere below its section.
    const stateSection = inStateSection || spec.diagram === 'stateDiagram';
    const out = this.out;
    out.push(heading(title, depth));
    const children = expand(spec.sections ?? []).filter((c) => this.included(c));
    const structured = Boolean(spec.tables?.length || spec.fields?.length || spec.each || spec.checklist);
    // A code block the section must hold, unless its diagram is one.
    const code = spec.content?.code;
    const codeLanguage = typeof code === 'string' ? code.toLowerCase() : undefined;
    const codeBlock = Boolean(code) && !(spec.diagram && (code === true || codeLanguage === 'mermaid'));

    const guidance: string[] = [];
    guidance.push(presenceOf(spec) === 'required' ? 'Required' : presenceOf(spec) === 'recommended' ? 'Recommended' : 'Optional');
    if (spec.description) guidance[0] += `: ${spec.description}`;
    if (spec.minWords) guidance.push(`At least ${spec.minWords} words.`);
    if (spec.repeat) guidance.push(`Repeat this section for each instance${spec.repeat.min ? ` (at least ${spec.repeat.min})` : ''}.`);
    out.push(comment(sentence(guidance.join('. '))));

    // Prose: a section with nothing structured of its own, and any section
    // whose example block (diagram, code) must be replaced by the real one.
    const prose = spec.minWords || spec.diagram || codeBlock || (!structured && children.length === 0);
    if (prose) {
      let text = spec.description ? spec.description : `write the ${spec.name} section`;
      if (spec.minWords) text += ` (at least ${spec.minWords} words)`;
      out.push(`TODO: ${sentence(text)}`);
    }

    let lists = 0;
    if (this.targets?.spec === spec) {
      out.push(comment('Measurable targets, with units (slo-targets):'));
      out.push(this.targets.lines.map((l) => `- ${l}`).join('\n'));
      lists++;
    }

    if (spec.example) out.push(spec.example);
    if (spec.fields?.length) {
      out.push(fieldList(spec.fields.map(columnName)));
      lists++;
    }

    let tables = 0;
    for (const table of spec.tables ?? []) {
      out.push(...tableLines(table, stateSection));
      tables++;
    }
    const wantTables = spec.content?.table === true ? 1 : typeof spec.content?.table === 'number' ? spec.content.table : 0;
    for (; tables < wantTables; tables++) {
      out.push(['| Item | Detail |', '| --- | --- |', '| TODO: item | TODO: detail |'].join('\n'));
    }

    if (spec.diagram) {
      out.push(comment(`A mermaid ${DIAGRAM_LABEL[spec.diagram]}: the example below shows the syntax; draw the real one.`));
      out.push(fence('mermaid', DIAGRAMS[spec.diagram]));
    }
    if (codeBlock) {
      out.push(comment('The example block below shows the form; replace it with the real one.'));
      const body = codeLanguage === undefined ? 'example' : (CODE_EXAMPLES[codeLanguage] ?? (codeLanguage === 'mermaid' ? DIAGRAMS.flowchart : 'example'));
      out.push(fence(codeLanguage ?? 'text', body));
    }

    if (spec.checklist) {
      const label = spec.checklist.label ?? 'checklist';
      out.push(comment(`The ${label}: check an item ([x]) only once the spec makes it true.`));
      out.push(spec.checklist.items.map((i) => `- [ ] ${oneLine(checklistItem(i).text)}`).join('\n'));
      lists++;
    }

    if (spec.content?.list && lists === 0) out.push('- TODO: first item\n- TODO: second item');

    this.sections(children, depth + 1, stateSection);

    if (spec.each) {
      const label = spec.each.label ?? 'subsection';
      const count = Math.max(spec.each.min ?? 1, 1);
      const fields = (spec.each.fields ?? []).map(columnName);
      out.push(comment(`One subsection per ${label}${fields.length ? `, each with ${fields.map((f) => `**${f.name}:**`).join(', ')}` : ''}.`));
      for (let i = 1; i <= count; i++) {
        const example = spec.each.example ? oneLine(spec.each.example) : '';
        const name = example ? `TODO: e.g. ${example}${count > 1 ? ` (${i})` : ''}` : `TODO: name this ${label}${count > 1 ? ` (${i})` : ''}`;
        out.push(heading(name, depth + 1));
        out.push(fields.length ? fieldList(fields) : `TODO: ${sentence(`describe this ${label}`)}`);
      }
    }
  }
}

/** The sections a document following the profile has: a `oneOf` choice becomes its first alternative. */
function expand(specs: SectionSpec[]): SectionSpec[] {
  return specs.flatMap((spec) => (spec.oneOf?.length ? expand(spec.oneOf[0]!.sections) : [spec]));
}

/** Heading titles for a section: its name, or for a repeated section one title per instance, each matching the section. */
function instanceTitles(spec: SectionSpec): string[] {
  if (!spec.repeat) return [spec.name];
  const min = spec.repeat.min ?? (presenceOf(spec) === 'required' ? 1 : 0);
  const count = Math.max(min, 1);
  if (count === 1 && matches(spec, spec.name)) return [spec.name];
  const titles: string[] = [];
  for (let i = 1; i <= count; i++) {
    const candidates = [`${spec.name} ${i}`, `${spec.name} (${i})`];
    titles.push(candidates.find((t) => matches(spec, t)) ?? candidates[1]!);
  }
  return titles;
}

function matches(spec: SectionSpec, title: string): boolean {
  const section = {title, key: normalizeName(title), baseKey: normalizeName(title.replace(/\s*\([^()]*\)\s*$/, ''))} as Section;
  return matchesSection(spec, section);
}

/**
 * The targets `slo-targets` (when on) asks for, and the section that gets
 * them: the first section its `sections` option names that the skeleton
 * has, else the first one it names at all, else the first top-level
 * section. A latency line is left out when a latency table (P50/P95/P99
 * columns) is declared there: its rows state the targets.
 */
function targetsFor(profile: Profile, sections: SectionSpec[], overrides: Record<string, RuleSetting> = {}): Targets | undefined {
  const setting = overrides['slo-targets'] ?? profile.rules['slo-targets'];
  if (!severityOf(setting)) return undefined;
  const options = {
    ...(Array.isArray(profile.rules['slo-targets']) ? profile.rules['slo-targets'][1] : undefined),
    ...(Array.isArray(overrides['slo-targets']) ? overrides['slo-targets'][1] : undefined),
  } as {sections?: string[]; require?: string; metrics?: Array<{label: string; example?: string}>};
  const all: SectionSpec[] = [];
  walkSpecs(sections, ({spec}) => {
    if (!spec.oneOf) all.push(spec);
  });
  const named = (options.sections ?? []).flatMap((name) => {
    const key = normalizeName(name);
    return all.filter((s) => normalizeName(s.name) === key || (s.aliases ?? []).some((a) => normalizeName(a) === key));
  });
  const spec = named.find((s) => presenceOf(s) !== 'optional') ?? named[0] ?? sections.find((s) => presenceOf(s) !== 'optional');
  if (!spec) return undefined;
  const require = options.require ?? 'any';
  const lines: string[] = [];
  const latencyTable = (options.sections?.length ? named : all).some((s) => hasLatencyTable(s));
  if (require !== 'availability' && !latencyTable) lines.push(`TODO: e.g. ${LATENCY_TARGET}`);
  if (require === 'availability') lines.push(`TODO: e.g. ${AVAILABILITY_TARGET}`);
  for (const metric of options.metrics ?? []) {
    lines.push(metric.example ? `TODO: e.g. ${oneLine(metric.example)}` : `TODO: the ${metric.label} target`);
  }
  return lines.length ? {spec, lines} : undefined;
}

function hasLatencyTable(spec: SectionSpec): boolean {
  const own = (spec.tables ?? []).some((t) => t.columns.some((c) => /^p\d{2}(?:\.\d+)?$/i.test(columnName(c).name)));
  return own || (spec.sections ?? []).some((s) => presenceOf(s) !== 'optional' && hasLatencyTable(s));
}

function tableLines(table: TableSpec, stateSection: boolean): string[] {
  const columns = table.columns.map(columnName);
  const header = `| ${columns.map((c) => cell(c.name)).join(' | ')} |`;
  const rule = `| ${columns.map(() => '---').join(' | ')} |`;
  const minRows = table.minRows ?? 1;
  const row = `| ${columns.map((c) => cell(valuePlaceholder(c))).join(' | ')} |`;
  const from = columns.findIndex((c) => columnMatches(FROM_COLUMN, c.name));
  const to = columns.findIndex((c) => columnMatches(TO_COLUMN, c.name));
  if (stateSection && from >= 0 && to >= 0) {
    // A transition table beside the example state diagram: its states, so the two agree.
    const rows = Array.from({length: Math.max(minRows, EXAMPLE_TRANSITIONS.length)}, (_, i) => {
      const [source, target] = EXAMPLE_TRANSITIONS[i % EXAMPLE_TRANSITIONS.length]!;
      return `| ${columns.map((c, j) => (j === from ? source : j === to ? target : cell(valuePlaceholder(c)))).join(' | ')} |`;
    });
    return [comment('The transitions of the example state diagram; list the real ones.'), `${header}\n${rule}\n${rows.join('\n')}`];
  }
  if (minRows === 0) {
    const example = columns.every((c) => c.example) ? ` e.g. | ${columns.map((c) => cell(c.example!)).join(' | ')} |` : '';
    return [comment(`The ${table.label ?? `${table.id} table`} may have no rows yet; add one per entry${example}.`), `${header}\n${rule}`];
  }
  const lines = [`${header}\n${rule}\n${Array.from({length: minRows}, () => row).join('\n')}`];
  if (minRows > 1) lines.unshift(comment(`At least ${minRows} rows.`));
  return lines;
}

function fieldList(fields: ColumnSpec[]): string {
  return fields.map((f) => `- **${oneLine(f.name)}:** ${valuePlaceholder(f)}`).join('\n');
}

function heading(title: string, depth: number): string {
  return `${'#'.repeat(Math.min(Math.max(depth, 1), 6))} ${title}`;
}

function fence(lang: string, body: string): string {
  return `\`\`\`${lang}\n${body}\n\`\`\``;
}

function comment(text: string): string {
  return `<!-- ${oneLine(text).replace(/--/g, '- -')} -->`;
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Capitalised, ending with a full stop. */
function sentence(text: string): string {
  const t = oneLine(text);
  if (!t) return t;
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
