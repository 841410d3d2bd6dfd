/**
 * The checks across specs (src/system/, issue 16), through the real CLI:
 * fixtures/system is a small repository of specs that call each other with
 * each problem planted once, fixtures/system-ok the same services
 * conforming. Each directory's .speclintrc.json turns the system-* rules on;
 * findings.expected holds its whole report (FILE LINE:COL SEVERITY RULE-ID
 * MESSAGE). The rules are off by default, and turned on they add nothing
 * to the shipped fixtures and examples.
 */
import {spawnSync} from 'node:child_process';
import {appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {describe, expect, it} from 'vitest';
import {readExpected} from './helpers.js';
import {fromMarkdown} from 'mdast-util-from-markdown';
import type {Code} from 'mdast';
import {systemFindings} from '../src/system/checks.js';
import {SYSTEM_RULE_IDS} from '../src/system/ids.js';
import type {DependencyFact, SpecFacts} from '../src/system/model.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const system = join(repo, 'fixtures', 'system');
const systemOk = join(repo, 'fixtures', 'system-ok');

interface JsonResult {
  filePath: string;
  messages: Array<{ruleId: string | null; severity: 1 | 2; message: string; line: number; column: number}>;
}

function lint(args: string[], cwd: string): {code: number | null; results: JsonResult[]; stderr: string} {
  const r = spawnSync(process.execPath, [bin, ...args, '-f', 'json', '-j', '1'], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}});
  return {code: r.status, results: r.stdout ? relativePaths(JSON.parse(r.stdout) as JsonResult[], cwd) : [], stderr: r.stderr};
}

/** The JSON report's paths are absolute (ESLint's shape); the expectations name files as the run's directory does. */
function relativePaths(results: JsonResult[], cwd: string): JsonResult[] {
  return results.map((r) => ({...r, filePath: relative(cwd, r.filePath)}));
}

const lines = (results: JsonResult[]) =>
  results.flatMap((f) => f.messages.map((m) => `${f.filePath} ${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warning'} ${m.ruleId} ${m.message}`));
const systemOnly = (results: JsonResult[]) => lines(results).filter((l) => / system-/.test(l.split(' ').slice(0, 4).join(' ')));

const ALL_ON = Object.fromEntries(SYSTEM_RULE_IDS.map((id) => [id, 'warn']));

describe('system checks on the fixture repository', () => {
  const run = lint(['.'], system);

  it('report exactly the planted findings (and the one warning the copied backend-spec fixture has)', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(lines(run.results)).toEqual(readExpected(join(system, 'findings.expected')));
  });

  it('fire each check once', () => {
    const ids = systemOnly(run.results).map((l) => l.split(' ')[3]);
    expect([...ids].sort()).toEqual([...SYSTEM_RULE_IDS].sort());
  });

  it('name both files and lines: the finding is on one spec, and cites a line of another that holds the other side', () => {
    const cited: Record<string, RegExp> = {
      'system-timeout-vs-p99': /^\| ScorePayment \|.*400ms/,
      'system-availability': /\d{2}\.\d+% availability/,
      'system-sync-cycle': /^\| (?:Payments|Ledger) Service \| (?:Sync|Internal API) \|.*\bcritical\b/i,
      'system-event-unpublished': /^\| Event Type \|/,
      'system-event-unconsumed': /^\| Event \| Source \|/,
      'system-heading-link': /^#+ Retry Strategy$/,
    };
    for (const file of run.results) {
      for (const m of file.messages.filter((x) => x.ruleId?.startsWith('system-'))) {
        const own = readFileSync(join(system, file.filePath), 'utf8').split('\n')[m.line - 1]!;
        expect(own.trim(), `${file.filePath}:${m.line} is a line of the spec`).not.toBe('');
        const refs = [...m.message.matchAll(/([\w-]+\.md):(\d+)/g)].map((r) => ({file: r[1]!, line: Number(r[2])}));
        const others = refs.filter((r) => r.file !== file.filePath);
        expect(others.length, `${m.ruleId} names another spec`).toBeGreaterThan(0);
        for (const ref of others) {
          const text = readFileSync(join(system, ref.file), 'utf8').split('\n')[ref.line - 1] ?? '';
          expect(text, `${m.ruleId} cites ${ref.file}:${ref.line}`).toMatch(cited[m.ruleId!]!);
        }
      }
    }
  });

  it('are off by default: the same files without the config have no system finding', () => {
    const plain = lint(['fixtures/system'], repo);
    expect(plain.results).toHaveLength(7);
    expect(systemOnly(plain.results)).toEqual([]);
  });

  it('follow the configured severity, and a rule turned off reports nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-system-'));
    cpSync(system, dir, {recursive: true});
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({rules: {'system-sync-cycle': 'warn', 'system-availability': 'error'}}));
    const out = systemOnly(lint(['.'], dir).results);
    expect(out.map((l) => l.split(' ').slice(2, 4).join(' ')).sort()).toEqual(['error system-availability', 'warning system-sync-cycle']);
  });

  it('give the same findings from a warm --cache run (cached results hold none of them, so none is doubled) and with a pool of workers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-system-'));
    cpSync(system, dir, {recursive: true});
    const expected = readExpected(join(system, 'findings.expected'));
    const cold = lint(['--cache', '--cache-location', join(dir, '.cache'), '.'], dir);
    const warm = lint(['--cache', '--cache-location', join(dir, '.cache'), '.'], dir);
    expect(lines(cold.results)).toEqual(expected);
    expect(lines(warm.results)).toEqual(expected);
    const pooled = spawnSync(process.execPath, [bin, '.', '-f', 'json', '-j', '2'], {cwd: dir, encoding: 'utf8'});
    expect(lines(relativePaths(JSON.parse(pooled.stdout) as JsonResult[], dir))).toEqual(expected);
  }, 60_000);

  it('obey lint comments: ignore, disable and enable hide their findings (as suppressedMessages), in a cold, warm --cache and pooled run alike', () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-system-comments-'));
    cpSync(system, dir, {recursive: true});
    const insert = (file: string, before: string, text: string) => {
      const path = join(dir, file);
      const source = readFileSync(path, 'utf8');
      expect(source).toContain(before);
      writeFileSync(path, source.replace(before, `${text}${before}`));
    };
    // The cycle's row, in the dependency table the comment precedes; the broken link, between a disable and an enable naming no rule.
    insert('ledger-service.md', '| Dependency | Type |', '<!-- lint ignore system-sync-cycle -->\n\n');
    insert('orders-service.md', 'How the Payments Service retries', '<!-- lint disable -->\n\n');
    insert('orders-service.md', '## Dependencies', '<!-- lint enable -->\n\n');
    // Hides nothing: inventory-service.md has no broken link.
    insert('inventory-service.md', '# ', '<!-- lint disable system-heading-link -->\n\n');
    const cache = ['--cache', '--cache-location', join(dir, '.cache')];
    const full = (cwd: string, extra: string[]) => {
      const r = spawnSync(process.execPath, [bin, '--report-unused-disable-directives', '.', '-f', 'json', ...extra], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}});
      return relativePaths(JSON.parse(r.stdout) as JsonResult[], cwd) as Array<JsonResult & {suppressedMessages?: JsonResult['messages']}>;
    };
    const cold = full(dir, ['-j', '1', ...cache]);
    const byFile = (results: typeof cold, file: string) => results.find((r) => r.filePath === file)!;
    const found = lines(cold);
    expect(found.filter((l) => /not known/.test(l))).toEqual([]);
    expect(found.filter((l) => / system-sync-cycle | system-heading-link /.test(l))).toEqual([]);
    expect(byFile(cold, 'ledger-service.md').suppressedMessages?.map((m) => m.ruleId)).toEqual(['system-sync-cycle']);
    expect(byFile(cold, 'orders-service.md').suppressedMessages?.map((m) => m.ruleId)).toEqual(['system-heading-link']);
    // The disable naming no rule hid a system finding: it is used. The one in inventory-service.md hid nothing.
    expect(found.filter((l) => / lint-comment /.test(l))).toEqual([
      'inventory-service.md 1:1 error lint-comment Unused lint disable comment (no problems were reported from "system-heading-link")',
    ]);
    // The other planted findings stay.
    expect(found.filter((l) => / system-/.test(l)).map((l) => l.split(' ')[3]).sort()).toEqual(['system-availability', 'system-event-unconsumed', 'system-event-unpublished', 'system-timeout-vs-p99']);
    const warm = full(dir, ['-j', '1', ...cache]);
    expect(lines(warm)).toEqual(found);
    expect(warm.map((r) => r.suppressedMessages)).toEqual(cold.map((r) => r.suppressedMessages));
    const pooled = full(dir, ['-j', '2']);
    expect(lines(pooled)).toEqual(found);
  }, 90_000);

  it('a comment naming a system rule is known when no system rule is on: --report-unused-disable-directives calls it unused, nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-system-comments-off-'));
    cpSync(system, dir, {recursive: true});
    const path = join(dir, 'orders-service.md');
    writeFileSync(path, `<!-- lint disable system-heading-link -->\n\n${readFileSync(path, 'utf8')}`);
    const plain = lint(['--no-config-lookup', 'orders-service.md'], dir);
    expect(lines(plain.results).filter((l) => / lint-comment /.test(l))).toEqual([]);
    const strict = lint(['--no-config-lookup', '--report-unused-disable-directives', 'orders-service.md'], dir);
    expect(lines(strict.results).filter((l) => / lint-comment /.test(l))).toEqual([
      'orders-service.md 1:1 error lint-comment Unused lint disable comment (no problems were reported from "system-heading-link")',
    ]);
  }, 60_000);

  it('keep each spec\'s facts in the cache entry: a warm run lints (parses) no spec, and the facts reach no report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-system-'));
    cpSync(system, dir, {recursive: true});
    const cacheFile = join(dir, '.cache');
    const verbose = (args: string[]) => spawnSync(process.execPath, [bin, ...args, '-v', '-j', '1', '--cache', '--cache-location', cacheFile, '.'], {cwd: dir, encoding: 'utf8'});
    const use = (stderr: string) => /speclint: cache .+: (\d+) files reused, (\d+) linted/.exec(stderr)?.slice(1).map(Number);
    const expected = readExpected(join(system, 'findings.expected'));
    const cold = verbose(['-f', 'json']);
    expect(use(cold.stderr)).toEqual([0, 7]);
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as {entries: Record<string, {outcome: {facts?: {keys: string[]; file?: string}}}>};
    const entries = Object.values(stored.entries);
    expect(entries).toHaveLength(7);
    for (const entry of entries) {
      expect(entry.outcome.facts?.keys.length, 'facts stored with the result').toBeGreaterThan(0);
      expect(entry.outcome.facts?.file, 'stored without the path, which depends on the working directory').toBeUndefined();
    }
    const warm = verbose(['-f', 'json']);
    expect(use(warm.stderr)).toEqual([7, 0]);
    expect(warm.stdout).toBe(cold.stdout);
    expect(lines(relativePaths(JSON.parse(warm.stdout) as JsonResult[], dir))).toEqual(expected);
    for (const format of ['json', 'sarif']) expect(verbose(['-f', format]).stdout).not.toMatch(/"(?:facts|eventTables|rowKey)"/);
    // An entry whose facts do not have their shape is linted again, never trusted.
    const key = Object.keys(stored.entries).find((k) => k.endsWith('risk-service.md'))!;
    (stored.entries[key]!.outcome.facts as unknown as Record<string, unknown>)['latency'] = [{operation: 'ScorePayment', p99Ms: '400'}];
    writeFileSync(cacheFile, JSON.stringify(stored));
    const repaired = verbose(['-f', 'json']);
    expect(use(repaired.stderr)).toEqual([6, 1]);
    expect(repaired.stdout).toBe(cold.stdout);
  }, 60_000);

  it('give the same findings over a cache a run without system rules wrote (its entries hold no facts)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-system-'));
    cpSync(system, dir, {recursive: true});
    const cacheFile = join(dir, '.cache');
    const off = spawnSync(process.execPath, [bin, '-v', '--no-config-lookup', '--cache', '--cache-location', cacheFile, '-f', 'json', '.'], {cwd: dir, encoding: 'utf8'});
    expect(off.stderr).toMatch(/0 files reused, 7 linted/);
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as {entries: Record<string, {outcome: {facts?: unknown}}>};
    expect(Object.values(stored.entries).every((e) => e.outcome.facts === undefined)).toBe(true);
    const on = lint(['--cache', '--cache-location', cacheFile, '.'], dir);
    expect(lines(on.results)).toEqual(readExpected(join(system, 'findings.expected')));
  }, 60_000);

  it('with --fix, read the facts from the fixed text the findings describe', () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-system-'));
    cpSync(system, dir, {recursive: true});
    // Without its heading, --fix inserts "## Service Boundaries" (and a TODO) above the dependency table: its rows move down.
    const ledger = join(dir, 'ledger-service.md');
    writeFileSync(ledger, readFileSync(ledger, 'utf8').replace('## Service Boundaries\n\n', ''));
    const before = systemOnly(lint(['.'], dir).results).filter((l) => l.startsWith('ledger-service.md '));
    const fixing = systemOnly(lint(['--fix', '.'], dir).results).filter((l) => l.startsWith('ledger-service.md '));
    const after = systemOnly(lint(['.'], dir).results).filter((l) => l.startsWith('ledger-service.md '));
    expect(before).toHaveLength(1);
    expect(fixing).toEqual(after);
    expect(fixing).not.toEqual(before);
  }, 60_000);

  it('reject an unknown system rule id in config with a one-line error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-system-'));
    cpSync(join(system, 'risk-service.md'), join(dir, 'risk-service.md'));
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({rules: {'system-cycle': 'warn'}}));
    const r = lint(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown rule "system-cycle"/);
  });
});

describe('system checks on the conforming repository', () => {
  it('report no system finding', () => {
    const run = lint(['.'], systemOk);
    expect(run.stderr).toBe('');
    expect(lines(run.results)).toEqual(readExpected(join(systemOk, 'findings.expected')));
    expect(systemOnly(run.results)).toEqual([]);
  });
});

/**
 * Each rules/system-*.md page: a heading's ```markdown file=NAME blocks are one repository, and the
 * ```text findings block after them lists that rule's findings (FILE LINE:COL ...), empty for a good example.
 */
describe('system rule docs: every example runs through the CLI', () => {
  for (const id of SYSTEM_RULE_IDS) {
    const doc = readFileSync(join(repo, 'rules', `${id}.md`), 'utf8');
    const groups: Array<{files: Array<{name: string; text: string}>; findings: string[]; line: number}> = [];
    let files: Array<{name: string; text: string}> = [];
    for (const code of fromMarkdown(doc).children.filter((n): n is Code => n.type === 'code')) {
      const file = /^file=(\S+)$/.exec(code.meta ?? '')?.[1];
      if (code.lang === 'markdown' && file) files.push({name: file, text: code.value + '\n'});
      if (code.lang === 'text' && code.meta === 'findings') {
        groups.push({files, findings: code.value.split('\n').map((l) => l.trim()).filter(Boolean), line: code.position!.start.line});
        files = [];
      }
    }
    it(`${id}: a titled page with a bad and a good example`, () => {
      expect(doc.split('\n')[0]).toBe(`# ${id}`);
      expect(groups.some((g) => g.findings.length > 0 && g.findings.every((f) => f.includes(` ${id} `)))).toBe(true);
      expect(groups.some((g) => g.findings.length === 0 && g.files.length > 1)).toBe(true);
    });
    groups.forEach((group, n) => {
      it(`${id} example ${n + 1} (findings at line ${group.line})`, () => {
        const dir = mkdtempSync(join(tmpdir(), 'speclint-system-doc-'));
        for (const f of group.files) writeFileSync(join(dir, f.name), f.text);
        writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({rules: {[id]: 'warn'}}));
        const run = lint(group.files.map((f) => f.name), dir);
        expect(run.stderr).toBe('');
        expect(lines(run.results).filter((l) => l.split(' ')[3] === id)).toEqual(group.findings);
        // Only the documented rule is on: no other system finding.
        expect(systemOnly(run.results).length).toBe(group.findings.length);
      });
    });
  }
});

/** Facts by hand, for what the fixtures do not show. */
function spec(file: string, keys: string[], extra: Partial<SpecFacts> = {}): SpecFacts {
  return {file, service: {name: keys[0]!, at: {line: 1, column: 1}}, keys, dependencies: [], latency: [], events: [], eventTables: {}, headings: [], anchors: [], links: [], ...extra};
}
function dep(name: string, extra: Partial<DependencyFact> = {}): DependencyFact {
  return {name, type: 'Sync', critical: true, sync: true, fallback: 'None', at: {line: 10, column: 3}, rowKey: '', ...extra};
}

describe('system checks, unit', () => {
  it('resolve names case- and punctuation-insensitively, and ignore a parenthetical', () => {
    const a = spec('a.md', ['orders service'], {dependencies: [dep('ledger-SERVICE (v2)', {timeoutMs: 100, timeoutAt: {line: 10, column: 40}})]});
    const b = spec('b.md', ['ledger service'], {latency: [{operation: 'PostEntry', p99Ms: 200, at: {line: 5, column: 20}}]});
    const found = systemFindings([a, b]);
    expect(found.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(['a.md:10:40 system-timeout-vs-p99']);
    expect(found[0]!.message).toContain('b.md:5');
  });

  it('treat an unresolved or ambiguous name as external: no finding', () => {
    const a = spec('a.md', ['a'], {availability: {percent: 99.99, text: '99.99%', at: {line: 3, column: 1}}, dependencies: [dep('Postgres'), dep('Shared')]});
    const b1 = spec('b1.md', ['shared'], {availability: {percent: 99, text: '99%', at: {line: 3, column: 1}}});
    const b2 = spec('b2.md', ['shared'], {availability: {percent: 99, text: '99%', at: {line: 3, column: 1}}});
    expect(systemFindings([a, b1, b2])).toEqual([]);
  });

  it('compare a timeout with the smallest P99 when the row names no operation, and skip asynchronous rows', () => {
    const latency = [
      {operation: 'Slow', p99Ms: 2000, at: {line: 5, column: 1}},
      {operation: 'Fast', p99Ms: 100, at: {line: 6, column: 1}},
    ];
    const b = spec('b.md', ['b'], {latency});
    const ok = spec('a.md', ['a'], {dependencies: [dep('b', {timeoutMs: 500, timeoutAt: {line: 10, column: 9}})]});
    expect(systemFindings([ok, b])).toEqual([]);
    const late = spec('a.md', ['a'], {dependencies: [dep('b', {timeoutMs: 50, timeoutAt: {line: 10, column: 9}})]});
    expect(systemFindings([late, b])[0]!.message).toMatch(/below every P99 target of b \(the smallest: 100 ms for "Fast", b\.md:6\)/);
    const named = spec('a.md', ['a'], {dependencies: [dep('b', {timeoutMs: 500, timeoutAt: {line: 10, column: 9}, rowKey: 'calls slow'})]});
    expect(systemFindings([named, b])[0]!.message).toMatch(/P99 target of "Slow" \(2 s, b\.md:5\)/);
    const queued = spec('a.md', ['a'], {dependencies: [dep('b', {timeoutMs: 50, timeoutAt: {line: 10, column: 9}, sync: false})]});
    expect(systemFindings([queued, b])).toEqual([]);
  });

  it('report a cycle of three once, with the path, and no cycle through a non-critical row', () => {
    const a = spec('a.md', ['a'], {dependencies: [dep('b', {at: {line: 11, column: 3}})]});
    const b = spec('b.md', ['b'], {dependencies: [dep('c', {at: {line: 12, column: 3}})]});
    const c = spec('c.md', ['c'], {dependencies: [dep('a', {at: {line: 13, column: 3}})]});
    const found = systemFindings([c, b, a]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({file: 'a.md', line: 11, ruleId: 'system-sync-cycle'});
    expect(found[0]!.message).toContain('a (a.md:11) → b (b.md:12) → c (c.md:13) → a');
    const soft = spec('c.md', ['c'], {dependencies: [dep('a', {critical: false})]});
    expect(systemFindings([soft, b, a])).toEqual([]);
  });

  it('multiply the availability of several critical synchronous dependencies, with the arithmetic', () => {
    const at = {line: 3, column: 1};
    const a = spec('a.md', ['a'], {availability: {percent: 99.95, text: '', at}, dependencies: [dep('b'), dep('c'), dep('d', {sync: false})]});
    const b = spec('b.md', ['b'], {availability: {percent: 99.95, text: '', at}});
    const c = spec('c.md', ['c'], {availability: {percent: 99.95, text: '', at}});
    const d = spec('d.md', ['d'], {availability: {percent: 90, text: '', at}});
    const found = systemFindings([a, b, c, d]);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toBe(
      'Availability target 99.95% is above what its critical synchronous dependencies promise: 99.95% (b, b.md:3) × 99.95% (c, c.md:3) = 99.9%',
    );
  });

  it('judge events only when the other side has an event table', () => {
    const at = {line: 20, column: 3};
    const consumer = spec('a.md', ['a'], {events: [{name: 'x.v1', direction: 'consumed', peers: ['b'], at}], eventTables: {consumed: at}});
    const noTable = spec('b.md', ['b']);
    expect(systemFindings([consumer, noTable])).toEqual([]);
    const publisher = spec('b.md', ['b'], {events: [{name: 'X V1', direction: 'published', peers: [], at}], eventTables: {published: at}});
    expect(systemFindings([consumer, publisher])).toEqual([]);
  });
});

/** The shipped fixtures (one directory per profile) and examples: the system rules, turned on, add nothing there. */
describe('system checks on the shipped fixtures and examples', () => {
  const profileDirs = readdirSync(join(repo, 'fixtures'))
    .filter((d) => !d.startsWith('system') && statSync(join(repo, 'fixtures', d)).isDirectory())
    .sort();
  const allOn = join(mkdtempSync(join(tmpdir(), 'speclint-system-')), 'all-on.json');
  writeFileSync(allOn, JSON.stringify({rules: ALL_ON}));

  it('fixtures/<profile> linted together: turned on, they find nothing', () => {
    const all = profileDirs.map((d) => `fixtures/${d}`);
    const off = lint(all, repo);
    const on = lint(['-c', allOn, ...all], repo);
    expect(on.stderr).toBe('');
    expect(lines(on.results)).toEqual(lines(off.results));
    expect(off.results.length).toBeGreaterThan(40);
  }, 120_000);

  it('examples/ with its own config: turned on, they find nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-system-'));
    cpSync(join(repo, 'examples'), dir, {recursive: true});
    const off = lint(['fixtures/'], dir);
    appendFileSync(join(dir, '.speclintrc.yaml'), `rules:\n${SYSTEM_RULE_IDS.map((id) => `  ${id}: warn`).join('\n')}\n`);
    const on = lint(['fixtures/'], dir);
    expect(on.stderr).toBe('');
    expect(lines(on.results)).toEqual(lines(off.results));
    expect(off.results.length).toBeGreaterThan(10);
  }, 120_000);
});

describe('speclint graph', () => {
  const graph = (args: string[], cwd: string) => spawnSync(process.execPath, [bin, 'graph', ...args], {cwd, encoding: 'utf8'});

  it('prints the fixture repository as a mermaid flowchart that parses, with the findings on their edges', async () => {
    const r = graph(['.'], system);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const {mermaidSyntaxError} = await import('../src/mermaid/parse.js');
    expect(await mermaidSyntaxError(r.stdout)).toBeUndefined();
    const node = /n(\d+)\["([^"<]+)<br\/>/g;
    const ids = new Map([...r.stdout.matchAll(node)].map((m) => [m[2]!, `n${m[1]}`]));
    expect(ids.size).toBe(7);
    const edge = (from: string, arrow: string, label: string, to: string) => `  ${ids.get(from)} ${arrow}|"${label}"| ${ids.get(to)}`;
    const out = r.stdout.split('\n');
    expect(out).toContain(edge('Ledger Service', '-->', '1 s, critical ⚠ system-sync-cycle', 'Payments Service'));
    expect(out).toContain(edge('Payments Service', '-->', '300 ms ⚠ system-timeout-vs-p99', 'Risk Service'));
    expect(out).toContain(edge('Payments Service', '-.->', 'event payment.settled.v1 ⚠ system-event-unpublished', 'Notification Delivery Service'));
    expect(out).toContain(edge('Payments Service', '-.->', 'event payment.refunded.v1 ⚠ system-event-unconsumed', 'Notification Delivery Service'));
    expect(r.stdout).toContain(`${ids.get('Orders Service')}["Orders Service<br/>orders-service.md<br/>⚠ system-availability"]`);
    expect(r.stdout.match(/⚠/g)).toHaveLength(5);
  }, 60_000);

  it('draws the conforming repository with the same services, every call resolved, and no finding', async () => {
    const r = graph(['.', '--format', 'mermaid'], systemOk);
    expect(r.status).toBe(0);
    const {mermaidSyntaxError} = await import('../src/mermaid/parse.js');
    expect(await mermaidSyntaxError(r.stdout)).toBeUndefined();
    expect(r.stdout).not.toContain('⚠');
    // Orders → Inventory, Orders → Payments, Payments → Risk, Payments → Ledger, Ledger ⇢ Payments (async), and five event edges.
    expect(r.stdout.split('\n').filter((l) => / n\d+ (?:-->|-\.->)/.test(l))).toHaveLength(10);
  }, 60_000);

  it('prints DOT, and refuses an unknown format with a one-line error', () => {
    const dot = graph(['--format', 'dot', '.'], system);
    expect(dot.status).toBe(0);
    expect(dot.stdout).toMatch(/^digraph services \{\n/);
    expect(dot.stdout).toMatch(/n\d+ -> n\d+ \[label="1 s, critical\\n⚠ system-sync-cycle", color=red\];/);
    expect(dot.stdout.trimEnd().endsWith('}')).toBe(true);
    const bad = graph(['--format', 'svg', '.'], system);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^speclint: .*svg/);
  });
});
