import {defineRule} from '../src/rule.js';
import {blankComments, quote} from '../src/text.js';
import {compilePattern, patternProblem} from '../src/regex.js';

import {DEFAULT_PLACEHOLDERS} from '../src/placeholders.js';

export {DEFAULT_PLACEHOLDERS};

interface Options {
  patterns: Array<{pattern: string; label?: string; flags?: string}>;
  /** Exact placeholder texts that are allowed (e.g. a real product called "[Beta]"). */
  allow: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'no-placeholders',
    description: 'No template placeholder is left in: [Service Name], ${input:...}, TODO, TBD, <fill in> and the like.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        patterns: {
          type: 'array',
          description: 'Regular expressions that mark placeholder text (case-sensitive unless flags has "i"), run with RE2: no lookaround or backreferences. Replaces the defaults.',
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
    defaultOptions: {patterns: DEFAULT_PLACEHOLDERS, allow: []},
    validateOptions(options) {
      for (const [i, p] of (options.patterns ?? []).entries()) {
        const problem = patternProblem(p.pattern, p.flags ?? '', `/patterns/${i}/pattern`);
        if (problem) return problem;
      }
      return undefined;
    },
  },
  check({model, options, report}) {
    const compiled = options.patterns.map((p) => ({
      re: compilePattern(p.pattern, p.flags ?? ''),
      label: p.label ?? 'placeholder',
    }));
    const allow = new Set(options.allow);
    for (const run of model.texts) {
      // HTML comments are guidance for authors, not content; text around them is.
      const value = run.kind === 'html' ? blankComments(run.value) : run.value;
      if (!value.trim()) continue;
      for (const {re, label} of compiled) {
        for (const m of re.matchAll(value)) {
          if (allow.has(m[0])) continue;
          const start = model.pointIn(run.value, run.position.start, m.index!);
          const end = model.pointIn(run.value, run.position.start, m.index! + m[0].length);
          report({
            message: `Template placeholder ${quote(m[0])} (${label}) left in the spec`,
            at: {start, end},
            hint: 'Replace the placeholder with real content, or delete it if it does not apply',
          });
        }
      }
    }
  },
});
