// Run with: npx tsx scripts/findings.ts FILE...
// Print a fixture's current findings in the `.expected` format
// (LINE:COL SEVERITY RULE-ID MESSAGE), to check by eye before recording them.
import {readFileSync} from 'node:fs';
import {lintText} from '../src/engine/lint.js';
import {builtinProfiles} from '../src/profiles/built-in.js';

for (const path of process.argv.slice(2)) {
  const {result, skippedReason} = await lintText(readFileSync(path, 'utf8'), {filePath: path, profiles: builtinProfiles(), explicit: true});
  if (!result) {
    console.log(`# ${path}: skipped (${skippedReason})`);
    continue;
  }
  console.log(`# ${path}: profile ${result.profile?.name ?? 'none'} (${result.profile?.reason ?? ''})`);
  for (const m of result.messages) console.log(`${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warning'} ${m.ruleId ?? '-'} ${m.message}`);
}
