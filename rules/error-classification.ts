import {defineRule} from '../src/engine/rule.js';
import {excerpt} from '../src/lib/text.js';
import {findColumn, tableById} from '../src/engine/match.js';
import {isPlaceholder} from './lib/placeholders.js';
import {compilePattern, patternProblem} from '../src/lib/regex.js';

interface Options {
  table: string;
  /** Error-type patterns (case-insensitive regex on the type name) and the status class they need. */
  expectations: Array<{pattern: string; status: string; label: string}>;
}

const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

export default defineRule<Options>({
  meta: {
    id: 'error-classification',
    description:
      'The error classification table is coherent: HTTP statuses are valid (100-599) and fit the error type (validation → 4xx, internal → 5xx), error codes are UPPER_SNAKE_CASE and unique, Retry says yes or no.',
    messages: {
      statusNotCode: 'HTTP status "{{status}}" of {{type}} is not a status code (100-599)',
      unexpectedStatus: '{{type}} is {{label}} but maps to HTTP {{code}}; expected {{expected}}',
      codeCase: 'Error code "{{code}}" is not UPPER_SNAKE_CASE',
      duplicateCode: 'Error code "{{code}}" is used twice (first on line {{first}})',
      retryNotYesNo: 'Retry "{{retry}}" of {{type}} is not yes or no',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        table: {type: 'string'},
        expectations: {
          type: 'array',
          items: {
            type: 'object',
            required: ['pattern', 'status', 'label'],
            additionalProperties: false,
            properties: {pattern: {type: 'string'}, status: {type: 'string', pattern: '^[1-5](?:xx|\\d\\d)$'}, label: {type: 'string'}},
          },
        },
      },
    },
    defaultOptions: {
      table: 'error-classification',
      expectations: [
        {pattern: 'validation|invalid|bad ?request|malformed', status: '4xx', label: 'a validation error'},
        {pattern: 'authentication|unauthenticated|unauthori[sz]ed', status: '401', label: 'an authentication error'},
        {pattern: 'authorization|forbidden|access ?denied|permission', status: '403', label: 'an authorization error'},
        {pattern: 'not ?found', status: '404', label: 'a not-found error'},
        {pattern: 'conflict|concurrent|duplicate', status: '4xx', label: 'a conflict'},
        {pattern: 'rate ?limit|too ?many|throttl', status: '429', label: 'a rate-limit error'},
        {pattern: 'request ?timeout|client ?timeout', status: '408', label: 'a request timeout'},
        {pattern: 'internal|unexpected|server', status: '5xx', label: 'an internal error'},
        {pattern: 'unavailable|external|upstream|dependency|gateway|timeout', status: '5xx', label: 'an upstream failure'},
      ],
    },
    validateOptions(options) {
      for (const [i, e] of (options.expectations ?? []).entries()) {
        const problem = patternProblem(e.pattern, 'i', `/expectations/${i}/pattern`);
        if (problem) return problem;
      }
      return undefined;
    },
  },
  check({model, profile, options, report}) {
    const table = tableById(model, profile, options.table)?.table;
    if (!table) return;
    const typeAt = findColumn(table, {name: 'Error Type', aliases: ['Type', 'Error', 'Exception']});
    const statusAt = findColumn(table, {name: 'HTTP Status', aliases: ['Status', 'HTTP Code', 'Status Code']});
    const codeAt = findColumn(table, {name: 'Error Code', aliases: ['Code']});
    const retryAt = findColumn(table, {name: 'Retry', aliases: ['Retryable', 'Retriable']});
    const seen = new Map<string, number>();
    table.rows.forEach((fullRow) => {
      // Placeholder cells are reported by no-placeholders, not judged here.
      const row = fullRow.map((cell) => (isPlaceholder(cell.text, profile) ? {...cell, text: ''} : cell));
      const type = typeAt >= 0 ? (row[typeAt]?.text ?? '') : '';
      const status = statusAt >= 0 ? row[statusAt] : undefined;
      if (status?.text) {
        const code = Number(status.text.trim().split(/\s/)[0]);
        if (!Number.isInteger(code) || code < 100 || code > 599) {
          report({messageId: 'statusNotCode', data: {status: excerpt(status.text), type: type ? excerpt(type) : 'this error'}, at: status.position, hint: 'Use the numeric HTTP status, e.g. 400, 404, 503'});
        } else {
          // The type's name without its "Error" suffix: "InternalError" → "Internal".
          const words = type.replace(/([a-z])([A-Z])/g, '$1 $2');
          const expected = options.expectations.find((e) => compilePattern(e.pattern, 'i').test(words));
          if (expected) {
            const ok = expected.status.endsWith('xx') ? String(code)[0] === expected.status[0] : String(code) === expected.status;
            if (!ok) {
              report({
                messageId: 'unexpectedStatus',
                data: {type: excerpt(type), label: expected.label, code, expected: expected.status},
                at: status.position,
                hint: `Map ${expected.label} to ${expected.status}, or rename the error type if it means something else`,
              });
            }
          }
        }
      }
      const code = codeAt >= 0 ? row[codeAt] : undefined;
      if (code?.text) {
        if (!CODE.test(code.text)) {
          report({messageId: 'codeCase', data: {code: excerpt(code.text)}, at: code.position, hint: `Write it as ${excerpt(code.text).replace(/([a-z])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`});
        }
        const first = seen.get(code.text);
        if (first !== undefined) {
          report({messageId: 'duplicateCode', data: {code: excerpt(code.text), first}, at: code.position, hint: 'Give each error type its own code, so clients can tell them apart'});
        } else {
          seen.set(code.text, code.position.start.line);
        }
      }
      const retry = retryAt >= 0 ? row[retryAt] : undefined;
      if (retry?.text && !/^(?:yes|no)\b/i.test(retry.text.trim())) {
        report({messageId: 'retryNotYesNo', data: {retry: excerpt(retry.text), type: type ? excerpt(type) : 'this error'}, at: retry.position, hint: 'Start with Yes or No; add the condition in parentheses: "Yes (backoff)"'});
      }
    });
  },
});
