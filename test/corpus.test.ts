/**
 * Precision on documents nobody on this project wrote (../shared/corpus,
 * read in place, never copied): the complete example specs published with
 * the tech-spec template get only true errors and at most one warning each,
 * every one gets the variant its own Paradigm names, and no built-in profile
 * claims a Kubernetes KEP or a Rust RFC. Skipped where the corpus is absent.
 */
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runLint} from '../src/run/runner.js';
import {findingLine} from './helpers.js';

const corpus = join(import.meta.dirname, '..', '..', 'shared', 'corpus');
const present = existsSync(join(corpus, 'tech-spec'));

/** The true errors, with the reason a reviewer would agree. */
const TRUE_ERRORS: Record<string, Array<{line: number; rule: string; why: string}>> = {
  'notes_app_spec.md': [322, 356, 375].map((line) => ({
    line,
    rule: 'code-blocks',
    why: 'a sequence diagram whose participant is named "Note Service": mermaid reads "Note" as its note keyword, so the diagram does not render',
  })),
};

const COMPLETE: Record<string, string> = {
  'bookmark_manager_spec.md': 'tech-spec:microservices', // "Microservices Architecture with Content Pipeline"
  'expense_logger_spec.md': 'tech-spec:event-sourcing', // "Event Sourcing with Double-Entry Bookkeeping"
  'notes_app_spec.md': 'tech-spec:document', // "Document-Oriented Architecture with Search-First Design"
};

describe.skipIf(!present)('calibration corpus', () => {
  it('the complete tech-spec examples: only true errors, at most one warning each, the variant their Paradigm names', async () => {
    const run = await runLint({cwd: join(corpus, 'tech-spec'), patterns: Object.keys(COMPLETE)});
    expect(run.results.map((r) => r.filePath).sort()).toEqual(Object.keys(COMPLETE).sort());
    for (const result of run.results) {
      expect(result.profile?.name, result.filePath).toBe(COMPLETE[result.filePath]);
      const errors = result.messages.filter((m) => m.severity === 2);
      const expected = TRUE_ERRORS[result.filePath] ?? [];
      expect(errors.map((m) => [m.line, m.ruleId]), `${result.filePath}: ${errors.map(findingLine).join('\n')}`).toEqual(expected.map((e) => [e.line, e.rule]));
      expect(result.warningCount, `${result.filePath}: ${result.messages.filter((m) => m.severity === 1).map(findingLine).join('\n')}`).toBeLessThanOrEqual(1);
    }
  });

  for (const folder of ['keps', 'rfcs']) {
    it(`no built-in profile claims a document in ${folder}/`, async () => {
      const run = await runLint({cwd: join(corpus, folder), patterns: []});
      expect(run.results.map((r) => `${r.filePath}: ${r.profile?.name}`)).toEqual([]);
      expect(run.skipped.length).toBeGreaterThan(30);
    });
  }
});
