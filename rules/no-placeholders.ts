import {defineRule} from '../src/engine/rule.js';
import type {SpecModel, TextRun} from '../src/engine/model.js';
import {blankComments, excerpt} from '../src/lib/text.js';
import {visit} from '../src/lib/vendor.js';
import {
  compilePlaceholder,
  compilePlaceholders,
  DEFAULT_PLACEHOLDERS,
  findPlaceholders,
  placeholderSpecs,
  referenceKey,
} from './lib/placeholders.js';

export {DEFAULT_PLACEHOLDERS};

interface Options {
  /** Replaces the generic placeholders (the profile's own still apply). */
  patterns?: Array<{pattern: string; label?: string; flags?: string}>;
  /** Exact placeholder texts that are allowed (e.g. a real product called "[Beta]"). */
  allow: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'no-placeholders',
    recommended: 'error',
    description: 'No template placeholder is left in: [Service Name], ${input:...}, TODO, TBD, <fill in> and the like.',
    messages: {
      placeholder: 'Template placeholder "{{text}}" ({{label}}) left in the spec',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        patterns: {
          type: 'array',
          description:
            "Regular expressions that mark placeholder text (case-sensitive unless flags has \"i\"), run with RE2: no lookaround or backreferences. Replaces the generic placeholders; the profile's own placeholders still apply.",
          items: {
            type: 'object',
            required: ['pattern'],
            additionalProperties: false,
            properties: {pattern: {type: 'string'}, label: {type: 'string'}, flags: {type: 'string', pattern: '^[imsu]*$'}},
          },
        },
        allow: {type: 'array', items: {type: 'string'}},
      },
    },
    defaultOptions: {allow: []},
    validateOptions(options) {
      for (const [i, p] of (options.patterns ?? []).entries()) {
        try {
          compilePlaceholder(p);
        } catch (error) {
          return `/patterns/${i}/pattern: ${(error as Error).message}`;
        }
      }
      return undefined;
    },
  },
  check({model, profile, options, report}) {
    const compiled = compilePlaceholders(placeholderSpecs(profile, options.patterns ?? DEFAULT_PLACEHOLDERS));
    const allow = new Set(options.allow);
    const references = referenceKeys(model);
    const whole = wholeRuns(model);
    for (const run of model.texts) {
      // HTML comments are guidance for authors, not content; text around them is.
      const value = run.kind === 'html' ? blankComments(run.value) : run.value;
      if (!value.trim()) continue;
      const lead = value.length - value.trimStart().length;
      const isWhole = whole(run);
      const hits = isWhole
        ? findPlaceholders(value.trim(), compiled, {whole: true, references}).map((h) => ({...h, index: h.index + lead}))
        : findPlaceholders(value, compiled, {whole: false, references});
      for (const hit of hits) {
        if (allow.has(hit.text)) continue;
        const start = model.pointIn(run.value, run.position.start, hit.index);
        const end = model.pointIn(run.value, run.position.start, hit.index + hit.text.length);
        report({
          messageId: 'placeholder',
          data: {text: excerpt(hit.text), label: hit.label},
          at: {start, end},
          hint: 'Replace the placeholder with real content, or delete it if it does not apply',
        });
      }
    }
  },
});

/**
 * What a bracketed name may refer to: the document's headings (except
 * headings that are themselves a bracketed placeholder, `#### [Entity Name]`)
 * and its link definitions (`[Pod Security Standards]: https://...`).
 */
function referenceKeys(model: SpecModel): Set<string> {
  const keys = new Set<string>();
  for (const section of model.sections) {
    if (!/^\[.*\]$/.test(section.title)) keys.add(referenceKey(section.title));
  }
  visit(model.tree, 'definition', (node) => {
    keys.add(referenceKey(node.label ?? node.identifier));
  });
  return keys;
}

/** A test: is this text run all a table cell or a heading holds? */
function wholeRuns(model: SpecModel): (run: TextRun) => boolean {
  const cellTexts = new Map<number, string[]>();
  for (const table of model.tables) {
    for (const cell of [...table.header, ...table.rows.flat()]) {
      const line = cell.position.start.line;
      const list = cellTexts.get(line) ?? [];
      list.push(cell.text.trim());
      cellTexts.set(line, list);
    }
  }
  return (run) => {
    const text = run.value.trim();
    const heading = run.section.heading;
    if (heading?.position && run.position.start.line === heading.position.start.line && run.section.title.trim() === text) return true;
    return (cellTexts.get(run.position.start.line) ?? []).includes(text);
  };
}
