#!/usr/bin/env node
/**
 * Precision harness: lint every Markdown file under the given folders as a
 * new user would (no --profile, files swept in, so detection decides), and
 * print per file the profile chosen with its score, or why it was skipped,
 * and the errors and warnings per rule; then a total line.
 *
 *   npm run precision -- ../shared/corpus fixtures
 *   npm run precision -- --json ../shared/corpus
 *
 * Run it on documents nobody here wrote: every error it prints on a
 * finished spec is either a true finding or a bug in speclint.
 */
import {existsSync} from 'node:fs';
import {resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const entry = resolve(root, 'dist/src/index.js');
if (!existsSync(entry)) {
  console.error('precision: dist/ is missing; run "npm run build" first');
  process.exit(2);
}
const {runLint} = await import(entry);

const args = process.argv.slice(2);
const json = args.includes('--json');
const dirs = args.filter((a) => a !== '--json');
if (dirs.length === 0) {
  console.error('usage: npm run precision -- [--json] DIR...');
  process.exit(2);
}

const files = [];
const totals = {files: 0, linted: 0, skipped: 0, problems: 0, errors: 0, warnings: 0, byRule: {}};
for (const dir of dirs) {
  if (!existsSync(dir)) {
    console.error(`precision: no such folder: ${dir}`);
    process.exit(2);
  }
  // Each folder on its own, with its own files swept in (not named), so skipping works as in a repository.
  const run = await runLint({cwd: resolve(dir), patterns: ['**/*.md'], errorOnUnmatchedPattern: false});
  for (const result of run.results) {
    const byRule = {};
    for (const m of result.messages) {
      const key = `${m.ruleId ?? 'fatal'}:${m.severity === 2 ? 'error' : 'warn'}`;
      byRule[key] = (byRule[key] ?? 0) + 1;
      totals.byRule[key] = (totals.byRule[key] ?? 0) + 1;
    }
    totals.errors += result.errorCount;
    totals.warnings += result.warningCount;
    totals.linted++;
    files.push({
      path: `${dir.replace(/\/$/, '')}/${result.filePath}`,
      profile: result.profile?.name ?? null,
      reason: result.profile?.reason ?? null,
      errors: result.errorCount,
      warnings: result.warningCount,
      byRule,
    });
  }
  for (const s of run.skipped) {
    totals.skipped++;
    files.push({path: `${dir.replace(/\/$/, '')}/${s.path}`, profile: null, skipped: s.reason, errors: 0, warnings: 0, byRule: {}});
  }
  for (const p of run.problems) {
    totals.problems++;
    files.push({path: `${dir.replace(/\/$/, '')}/${p.path}`, profile: null, problem: p.reason, errors: 0, warnings: 0, byRule: {}});
  }
}
files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
totals.files = files.length;

if (json) {
  console.log(JSON.stringify({files, totals}, null, 2));
} else {
  for (const f of files) {
    if (f.skipped) console.log(`${f.path}\n  skipped: ${f.skipped}`);
    else if (f.problem) console.log(`${f.path}\n  not linted: ${f.problem}`);
    else {
      console.log(`${f.path}\n  ${f.profile} (${f.reason})\n  ${f.errors} errors, ${f.warnings} warnings`);
      for (const [rule, n] of Object.entries(f.byRule).sort()) console.log(`    ${String(n).padStart(3)}  ${rule}`);
    }
  }
  const rules = Object.entries(totals.byRule)
    .sort()
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  console.log(
    `\ntotal: ${totals.files} files, ${totals.linted} linted, ${totals.skipped} skipped, ${totals.problems} not linted; ` +
      `${totals.errors} errors, ${totals.warnings} warnings${rules ? ` (${rules})` : ''}`,
  );
}
