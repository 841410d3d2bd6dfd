import {defineRule} from '../src/engine/rule.js';
import {matchProfile} from '../src/engine/match.js';
import type {Section, SpecModel} from '../src/engine/model.js';
import {excerpt} from '../src/lib/text.js';

/** Lists (bulleted or numbered, task lists included) anywhere in a section's subtree. */
function hasList(model: SpecModel, section: Section): boolean {
  if (section.nodes.some((node) => node.type === 'list')) return true;
  return section.children.some((child) => hasList(model, child));
}

export default defineRule<Record<string, never>>({
  meta: {
    id: 'section-content',
    recommended: 'error',
    description: 'A section holds the kinds of content its template asks for: a table, a list, a code block (of a given language).',
    messages: {
      noTable: 'Section "{{section}}" has no table',
      fewTables: 'Section "{{section}}" has {{tables}}; the template asks for at least {{min}}',
      noList: 'Section "{{section}}" has no list',
      noLanguageBlock: 'Section "{{section}}" has no {{language}} code block',
      otherLanguageBlocks: 'Section "{{section}}" has no {{language}} code block (it has: {{others}})',
      noCodeBlock: 'Section "{{section}}" has no code block',
    },
    schema: {type: 'object', additionalProperties: false, properties: {}},
    defaultOptions: {},
  },
  check({model, profile, report}) {
    for (const {located, section} of matchProfile(model, profile).all) {
      const content = located.spec.content;
      if (!section || !content) continue;
      const name = excerpt(section.title);
      if (content.table) {
        const want = content.table === true ? 1 : content.table;
        const have = model.tablesIn(section).length;
        if (have < want) {
          report({
            ...(want === 1
              ? {messageId: 'noTable', data: {section: name}}
              : {messageId: 'fewTables', data: {section: name, tables: `${have} table${have === 1 ? '' : 's'}`, min: want}}),
            at: section,
            hint: 'Add a Markdown table (a header row, a | --- | row, then one row per item)',
          });
        }
      }
      if (content.list && !hasList(model, section)) {
        report({messageId: 'noList', data: {section: name}, at: section, hint: 'Write the items as a bulleted or numbered list'});
      }
      if (content.code) {
        const language = typeof content.code === 'string' ? content.code.toLowerCase() : undefined;
        const blocks = model.codeIn(section);
        const ok = language ? blocks.some((b) => (b.lang ?? '').toLowerCase() === language) : blocks.length > 0;
        if (!ok) {
          const others = [...new Set(blocks.map((b) => b.lang ?? 'no language'))];
          report({
            ...(!language
              ? {messageId: 'noCodeBlock', data: {section: name}}
              : others.length
                ? {messageId: 'otherLanguageBlocks', data: {section: name, language, others: others.join(', ')}}
                : {messageId: 'noLanguageBlock', data: {section: name, language}}),
            at: section,
            hint: language ? `Add a fenced block opened with \`\`\`${language}` : 'Add a fenced code block (```)',
          });
        }
      }
    }
  },
});
