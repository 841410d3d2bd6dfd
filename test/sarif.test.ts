/**
 * The `sarif` format, end to end: the built CLI writes SARIF for the shipped
 * fixtures and Microsoft's SARIF Multitool (the reference validator) finds
 * no error in it; a deliberately broken document is rejected, so the check
 * is known to bite. Rule metadata, a known finding's location and the
 * fingerprints are checked exactly.
 */
import {spawnSync} from 'node:child_process';
import {copyFileSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {pathToFileURL} from 'node:url';
import {beforeAll, describe, expect, it} from 'vitest';
import {packageVersion} from '../src/lib/paths.js';
const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const multitool = join(repo, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: {text: string};
  locations: Array<{physicalLocation: {artifactLocation: {uri: string; uriBaseId?: string}; region: Record<string, number>}}>;
  partialFingerprints: Record<string, string>;
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: {driver: {name: string; version: string; informationUri: string; rules: Array<Record<string, any>>}};
    originalUriBaseIds?: Record<string, {uri: string}>;
    results: SarifResult[];
  }>;
}

function speclint(args: string[], cwd = repo) {
  return spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}});
}

/** Validate a SARIF file with the Multitool; returns the results of its own SARIF log. */
function validate(file: string): Array<{ruleId: string; level: string; message: {arguments?: string[]}}> {
  const log = `${file}.validation.sarif`;
  const r = spawnSync(multitool, ['validate', file, '--output', log, '--log', 'ForceOverwrite'], {encoding: 'utf8'});
  // The Multitool exits 0 even when the file is invalid: its verdict is in the log.
  expect(r.error).toBeUndefined();
  const parsed = JSON.parse(readFileSync(log, 'utf8'));
  return parsed.runs[0].results ?? [];
}

let dir: string;
let sarifPath: string;
let sarif: SarifLog;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'speclint-sarif-'));
  sarifPath = join(dir, 'fixtures.sarif');
  const r = speclint(['-f', 'sarif', '-o', sarifPath, 'fixtures/']);
  expect(r.status).toBe(1); // the broken fixtures have errors
  expect(r.stderr).toBe('');
  sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
});

describe('sarif format', () => {
  it('passes the SARIF Multitool validator with no error', () => {
    const findings = validate(sarifPath);
    const errors = findings.filter((f) => f.level === 'error');
    expect(errors.map((e) => `${e.ruleId} ${e.message.arguments?.join(' | ')}`)).toEqual([]);
  });

  it('the validator rejects a broken document (so the check above means something)', () => {
    const broken = structuredClone(sarif) as any;
    broken.runs[0].results[0].level = 'fatal';
    delete broken.runs[0].tool.driver.name;
    broken.runs[0].results[1].locations[0].physicalLocation.region.startLine = 0;
    const file = join(dir, 'broken.sarif');
    writeFileSync(file, JSON.stringify(broken, null, 2));
    const errors = validate(file).filter((f) => f.level === 'error');
    expect(errors.map((e) => e.ruleId).sort()).toEqual(['JSON1002', 'JSON1008', 'JSON1019']);
    expect(errors.every((e) => /^JSON1\d{3}$/.test(e.ruleId))).toBe(true);
  });

  it('is one SARIF 2.1.0 run by speclint with every rule described', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.runs).toHaveLength(1);
    const driver = sarif.runs[0]!.tool.driver;
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    expect(driver).toMatchObject({name: 'speclint', version: pkg.version, informationUri: 'https://github.com/speclint/speclint'});

    const catalogue = JSON.parse(speclint(['rules', '--format', 'json']).stdout) as Array<{id: string; description: string}>;
    expect(driver.rules.map((r) => r.id)).toEqual(catalogue.map((r) => r.id));
    for (const rule of driver.rules) {
      const described = catalogue.find((c) => c.id === rule.id)!;
      // The docs as of this release (its version tag).
      expect(rule['helpUri']).toBe(`https://github.com/speclint/speclint/blob/v${packageVersion()}/rules/${rule.id}.md`);
      expect(rule['fullDescription'].text.startsWith(described.description)).toBe(true);
      expect(described.description.startsWith(rule['shortDescription'].text.replace(/\.$/, ''))).toBe(true);
      expect(['error', 'warning', 'note', 'none']).toContain(rule['defaultConfiguration'].level);
    }
    const byId = Object.fromEntries(driver.rules.map((r) => [r.id, r]));
    expect(byId['required-sections']).toMatchObject({
      name: 'RequiredSections',
      shortDescription: {text: 'Every section the profile marks required is present, at any heading depth under its parent (a repeated section as often as the template asks).'},
      defaultConfiguration: {level: 'error'},
    });
    expect(byId['required-sections']!['fullDescription'].text).toBe(
      'Every section the profile marks required is present, at any heading depth under its parent (a repeated section as often as the template asks). Default: error in architecture-design, backend-design, backend-spec, service-design, tech-spec.',
    );
    expect(byId['section-order']!['defaultConfiguration']).toEqual({level: 'warning'});
    expect(byId['profile-match']!['defaultConfiguration']).toEqual({level: 'warning'});
    expect(byId['front-matter']!['defaultConfiguration']).toEqual({level: 'error'});
  });

  it('has one result per finding, each pointing at its rule', () => {
    const json = JSON.parse(speclint(['-f', 'json', 'fixtures/']).stdout) as Array<{filePath: string; messages: Array<{ruleId: string; severity: number; line: number; column: number}>}>;
    // ESLint's filePath is absolute; SARIF's locations are relative to %SRCROOT%.
    const expected = json.flatMap((f) => f.messages.map((m) => `${relative(repo, f.filePath)} ${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warning'} ${m.ruleId}`));
    const results = sarif.runs[0]!.results;
    const actual = results.map((r) => {
      const loc = r.locations[0]!.physicalLocation;
      return `${decodeURIComponent(loc.artifactLocation.uri)} ${loc.region['startLine']}:${loc.region['startColumn']} ${r.level} ${r.ruleId}`;
    });
    expect(actual).toEqual(expected);
    const rules = sarif.runs[0]!.tool.driver.rules;
    for (const r of results) expect(rules[r.ruleIndex]!['id']).toBe(r.ruleId);
  });

  it('locates a known finding exactly, relative to %SRCROOT%, with the hint in the message', () => {
    const results = sarif.runs[0]!.results.filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'fixtures/service-design/broken-dependency-row.md');
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({
      ruleId: 'dependency-table',
      level: 'error',
      message: {text: 'Timeout "5000" of "Kafka" is not a duration. Hint: Write the timeout with a unit, like 100ms, 5s or 2 min.'},
      locations: [
        {
          physicalLocation: {
            artifactLocation: {uri: 'fixtures/service-design/broken-dependency-row.md', uriBaseId: '%SRCROOT%'},
            region: {startLine: 46, startColumn: 34, endLine: 46, endColumn: 38},
          },
        },
      ],
    });
    expect(sarif.runs[0]!.originalUriBaseIds).toEqual({'%SRCROOT%': {uri: pathToFileURL(repo + '/').href}});
  });

  it('fingerprints findings by what they are, not where: stable when lines move, distinct otherwise', () => {
    const all = sarif.runs[0]!.results.map((r) => r.partialFingerprints['speclintFindingHash/v1']);
    expect(all.every((f) => /^[0-9a-f]{32}$/.test(f!))).toBe(true);
    expect(new Set(all).size).toBe(all.length);

    const work = mkdtempSync(join(tmpdir(), 'speclint-sarif-fp-'));
    copyFileSync(join(repo, 'fixtures', 'service-design', 'broken-dependency-row.md'), join(work, 'spec.md'));
    speclint(['-f', 'sarif', '-o', 'before.sarif', 'spec.md'], work);
    const text = readFileSync(join(work, 'spec.md'), 'utf8');
    writeFileSync(join(work, 'spec.md'), text.replace('\n## ', '\nAn added paragraph.\n\n## '));
    speclint(['-f', 'sarif', '-o', 'after.sarif', 'spec.md'], work);
    const before = (JSON.parse(readFileSync(join(work, 'before.sarif'), 'utf8')) as SarifLog).runs[0]!.results;
    const after = (JSON.parse(readFileSync(join(work, 'after.sarif'), 'utf8')) as SarifLog).runs[0]!.results;
    expect(after.map((r) => r.locations[0]!.physicalLocation.region['startLine'])).toEqual(
      before.map((r) => r.locations[0]!.physicalLocation.region['startLine']! + 2),
    );
    expect(after.map((r) => r.partialFingerprints)).toEqual(before.map((r) => r.partialFingerprints));
  });

  it('names a file outside the working directory by absolute file: URI, and that validates too', () => {
    const work = mkdtempSync(join(tmpdir(), 'speclint-sarif-out-'));
    const outside = join(repo, 'fixtures', 'backend-spec', 'broken-timeout-no-unit.md');
    const r = speclint(['-f', 'sarif', '-o', 'out.sarif', outside], work);
    expect(r.status).toBe(1);
    const log = JSON.parse(readFileSync(join(work, 'out.sarif'), 'utf8')) as SarifLog;
    const locations = log.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation);
    expect(locations.length).toBeGreaterThan(0);
    for (const location of locations) expect(location).toEqual({uri: pathToFileURL(outside).href});
    expect(validate(join(work, 'out.sarif')).filter((f) => f.level === 'error')).toEqual([]);
  });
});
