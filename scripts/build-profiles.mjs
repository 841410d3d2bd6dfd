#!/usr/bin/env node
// Build step, run after `tsc`: read the built-in profiles (rules/profiles/*.yaml),
// validate each against the profile schema, resolve `extends`, and write the
// result to dist/profiles.json, so the CLI does not load yaml + Ajv and
// validate 13 files at every start. The JSON carries a fingerprint of its
// inputs; the CLI falls back to reading the YAML when it does not match.
//
//   node scripts/build-profiles.mjs [OUT]    (after tsc -p tsconfig.json; OUT defaults to dist/profiles.json)
//
// A profile that fails validation fails the build, with the same one-line
// message the CLI would print.
import {existsSync, mkdirSync, renameSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {fileURLToPath} from 'node:url';

const compiled = new URL('../dist/src/profiles/built-in.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write('build-profiles: dist/src/profiles/built-in.js is missing; run tsc -p tsconfig.json first\n');
  process.exit(1);
}
const {builtinProfilesFingerprint, builtinProfilesJsonPath, loadBuiltinProfilesFromYaml} = await import(compiled.href);

let profiles;
try {
  profiles = loadBuiltinProfilesFromYaml();
} catch (error) {
  process.stderr.write(`build-profiles: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
const out = process.argv[2] ?? builtinProfilesJsonPath();
const built = {fingerprint: builtinProfilesFingerprint(), profiles: [...profiles.values()]};
mkdirSync(dirname(out), {recursive: true});
// Write then rename, so a concurrent reader never sees half a file.
const tmp = `${out}.${process.pid}.tmp`;
writeFileSync(tmp, JSON.stringify(built) + '\n');
renameSync(tmp, out);
// stderr, not stdout: `npm pack` runs this through "prepare", and pre-commit reads the
// tarball name from npm pack's stdout.
process.stderr.write(`build-profiles: ${profiles.size} profiles validated -> ${out}\n`);
