import {defineRule} from '../src/engine/rule.js';

interface Options {
  /** Longest implementation code block allowed, in lines. */
  maxLines: number;
  /** Languages that are contracts or data, not implementation: never counted. */
  allow: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'diagram-first',
    description: 'Implementation code blocks (class bodies, long functions) stay under a line budget: specs explain with diagrams, not code.',
    messages: {
      codeBlock: '{{lines}}-line {{lang}} block: specs explain with diagrams, not implementation code (budget {{maxLines}} lines)',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {maxLines: {type: 'integer', minimum: 1}, allow: {type: 'array', items: {type: 'string'}}},
    },
    defaultOptions: {
      maxLines: 30,
      allow: ['mermaid', 'dbml', 'sql', 'json', 'jsonc', 'yaml', 'yml', 'http', 'graphql', 'proto', 'protobuf', 'text', 'txt', 'markdown', 'md', 'csv', 'shell', 'sh', 'bash', 'console', 'ini', 'toml', 'xml', 'openapi'],
    },
  },
  check({model, options, report}) {
    const allow = new Set(options.allow.map((l) => l.toLowerCase()));
    for (const block of model.codeBlocks) {
      const lang = (block.lang ?? '').toLowerCase();
      if (!lang || allow.has(lang)) continue;
      const lines = block.value.split('\n').filter((l) => l.trim()).length;
      if (lines <= options.maxLines) continue;
      report({
        messageId: 'codeBlock',
        data: {lines, lang: String(block.lang), maxLines: options.maxLines},
        at: {line: block.position.start.line, column: block.position.start.column},
        hint: 'Replace it with a sequence or state diagram, or keep only the interface (signatures, request/response)',
      });
    }
  },
});
