import {defineRule} from '../src/engine/rule.js';
import {columnMatches, matchProfile} from '../src/engine/match.js';
import {mermaidKind, stateDiagramStates} from '../src/mermaid/kinds.js';
import {excerpt} from '../src/lib/text.js';

const KIND_LABEL: Record<string, string> = {
  flowchart: 'a flowchart (graph/flowchart)',
  sequenceDiagram: 'a sequenceDiagram',
  stateDiagram: 'a stateDiagram-v2',
  erDiagram: 'an erDiagram',
  classDiagram: 'a classDiagram',
};

export default defineRule<Record<string, never>>({
  meta: {
    id: 'required-diagram',
    description:
      'A section the template says holds a diagram has a mermaid block of that kind; a state machine\'s transition table names the same states as its diagram.',
    messages: {
      noDiagram: 'Section "{{section}}" has no {{kind}} diagram',
      otherDiagrams: 'Section "{{section}}" has no {{kind}} diagram (it has: {{others}})',
      stateNotInDiagram: 'State "{{state}}" is in the transition table but not in the state diagram',
      stateNotInTable: 'State "{{state}}" is in the state diagram but not in the transition table',
    },
    schema: {type: 'object', additionalProperties: false, properties: {}},
    defaultOptions: {},
  },
  check({model, profile, report}) {
    for (const {located, section} of matchProfile(model, profile).all) {
      const want = located.spec.diagram;
      if (!section || !want) continue;
      const blocks = model.codeIn(section).filter((b) => (b.lang ?? '').toLowerCase() === 'mermaid');
      const matching = blocks.filter((b) => mermaidKind(b.value)?.kind === want);
      if (matching.length === 0) {
        const other = blocks.map((b) => mermaidKind(b.value)?.keyword).filter(Boolean);
        report({
          ...(other.length
            ? {messageId: 'otherDiagrams', data: {section: excerpt(section.title), kind: want, others: other.join(', ')}}
            : {messageId: 'noDiagram', data: {section: excerpt(section.title), kind: want}}),
          at: section,
          hint: `Add a \`\`\`mermaid block starting with ${KIND_LABEL[want] ?? want}`,
        });
        continue;
      }
      if (want !== 'stateDiagram') continue;
      // The transition table (From/To columns) and the diagram must name the same states.
      const diagramStates = new Set<string>();
      for (const b of matching) for (const s of stateDiagramStates(b.value)) diagramStates.add(s);
      // All transition tables of the section against all its state diagrams (a section may hold several machines).
      const tableStates = new Map<string, {line: number; column: number}>();
      let firstTable: (ReturnType<typeof model.tablesIn>)[number] | undefined;
      for (const table of model.tablesIn(section)) {
        const from = table.header.findIndex((h) => columnMatches({name: 'From', aliases: ['From State', 'Current State', 'Source']}, h.text));
        const to = table.header.findIndex((h) => columnMatches({name: 'To', aliases: ['To State', 'Next State', 'Target']}, h.text));
        if (from < 0 || to < 0) continue;
        firstTable ??= table;
        for (const row of table.rows) {
          for (const cell of [row[from], row[to]]) {
            const state = cell?.text.replace(/`/g, '').trim();
            if (state && state !== '[*]' && !tableStates.has(state)) tableStates.set(state, cell!.position.start);
          }
        }
      }
      if (!firstTable) continue;
      for (const [state, at] of tableStates) {
        if (!diagramStates.has(state)) {
          report({messageId: 'stateNotInDiagram', data: {state: excerpt(state)}, at, hint: 'Add the transition to the diagram, or correct the state name'});
        }
      }
      for (const state of diagramStates) {
        if (!tableStates.has(state)) {
          report({messageId: 'stateNotInTable', data: {state: excerpt(state)}, at: firstTable.position, hint: 'Add its transitions to the table, or drop the state from the diagram'});
        }
      }
    }
  },
});
