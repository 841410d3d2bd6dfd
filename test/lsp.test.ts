/**
 * `speclint lsp` through the real bin, as an editor runs it: JSON-RPC over
 * stdio (test/lsp-client.ts). Diagnostics are compared with what
 * `speclint -f json` reports for the same files, fixes with what `--fix`
 * writes.
 */
import {spawnSync} from 'node:child_process';
import {copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join, relative, resolve} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {CodeAction, TextDocumentEdit, TextEdit} from 'vscode-languageserver-protocol/node';
import type {FileResult} from '../src/engine/lint.js';
import {tempDirs} from './helpers.js';
import {actualDiagnostic, applyEdits, bin, cliJson, expectedDiagnostic, LspClient, repo, uriOf} from './lsp-client.js';

const tempDir = tempDirs();
const fixtures = join(repo, 'fixtures');
const brokenRow = join(fixtures, 'service-design', 'broken-dependency-row.md');
const failureFields = join(fixtures, 'service-design', 'broken-failure-mode-fields.md');
const okPayments = join(fixtures, 'service-design', 'ok-payments-service.md');
/** Fixture folders compared finding by finding (tables, fields, checklists, mermaid diagrams, variants, a non-spec). */
const FIXTURE_DIRS = ['service-design', 'backend-spec', 'tech-spec.ddd', 'not-specs'];

function markdownUnder(dir: string): string[] {
  return readdirSync(dir, {recursive: true, encoding: 'utf8'})
    .filter((p) => p.endsWith('.md'))
    .map((p) => join(dir, p))
    .sort();
}

/** The edits of a code action's workspace edit for one document (either form the server may use). */
function editsOf(action: CodeAction, uri: string): TextEdit[] {
  const edit = action.edit!;
  const edits = edit.documentChanges
    ? (edit.documentChanges as TextDocumentEdit[]).filter((c) => c.textDocument.uri === uri).flatMap((c) => c.edits)
    : (edit.changes?.[uri] ?? []);
  return edits.map((e) => {
    if (!('newText' in e)) throw new Error('a snippet edit, which a plain LSP client cannot apply');
    return e;
  });
}

/** `speclint --fix` on a copy of `text` in a folder of its own: the fixed text. */
function cliFix(text: string, name = 'spec.md'): string {
  const dir = tempDir('speclint-lsp-fix-');
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, [bin, '--fix', name], {cwd: dir, encoding: 'utf8'});
  expect([0, 1]).toContain(r.status);
  return readFileSync(file, 'utf8');
}

/** ok-payments-service without its Runtime Characteristics section (and its three subsections) and one quality-gate item: --fix needs two passes. */
function specNeedingTwoPasses(): string {
  const ok = readFileSync(okPayments, 'utf8');
  return (ok.slice(0, ok.indexOf('## Runtime Characteristics')) + ok.slice(ok.indexOf('## Dependencies'))).replace('- [x] Failure modes documented\n', '');
}

describe('speclint lsp: one editor session over the fixtures', () => {
  let client: LspClient;
  let capabilities: Record<string, unknown>;

  /** What the CLI reports for the fixtures of these folders (the ones the tests open), by absolute path. */
  let cli: Map<string, FileResult>;
  const cliMessages = (file: string) => cli.get(file)?.messages ?? [];

  beforeAll(async () => {
    cli = new Map(cliJson(FIXTURE_DIRS.map((dir) => `fixtures/${dir}/`)).map((r) => [resolve(repo, r.filePath), r]));
    const started = await LspClient.start(repo);
    client = started.client;
    capabilities = started.init.capabilities as Record<string, unknown>;
  });
  afterAll(() => client?.kill());

  it('initialize advertises incremental sync and quickfix / fix-all code actions', () => {
    expect(capabilities['textDocumentSync']).toMatchObject({openClose: true, change: 2});
    expect(capabilities['codeActionProvider']).toMatchObject({codeActionKinds: ['quickfix', 'source.fixAll.speclint']});
  });

  it('publishes for each fixture the findings `speclint -f json` reports for it, and nothing for files it skips', async () => {
    const files = FIXTURE_DIRS.flatMap((dir) => markdownUnder(join(fixtures, dir)));
    expect(cli.size).toBeGreaterThan(15);
    const published = await Promise.all(files.map((file) => client.open(uriOf(file), readFileSync(file, 'utf8'))));
    let findings = 0;
    files.forEach((file, i) => {
      const text = readFileSync(file, 'utf8');
      const expected = cliMessages(file).map(expectedDiagnostic);
      const actual = published[i]!.diagnostics.map((d, j) => actualDiagnostic(d, expected[j]?.end, text));
      expect({file: relative(repo, file), diagnostics: actual}).toEqual({file: relative(repo, file), diagnostics: expected});
      findings += expected.length;
    });
    expect(findings).toBeGreaterThan(20);
    // A README-like file (swept-in Markdown that looks like no spec) gets no diagnostics, not a profile-match warning.
    const notSpec = files.filter((f) => f.includes('not-specs'));
    expect(notSpec.length).toBeGreaterThan(0);
    for (const file of notSpec) expect(published[files.indexOf(file)]!.diagnostics).toEqual([]);
  });

  it('didChange (incremental) re-lints: the new text gets the CLI findings of that text', async () => {
    const text = readFileSync(brokenRow, 'utf8');
    const uri = uriOf(join(fixtures, 'service-design', 'edited-copy.md'));
    const first = await client.open(uri, text);
    expect(first.diagnostics.map((d) => d.code)).toEqual(['dependency-table', 'dependency-table']);
    // Give Kafka a timeout with a unit: the first finding goes, the fallback one stays.
    const lines = text.split('\n');
    const row = lines.findIndex((l) => l.includes('| Kafka |'));
    const at = lines[row]!.indexOf('5000');
    const changed = await client.change(uri, 2, [{range: {start: {line: row, character: at}, end: {line: row, character: at + 4}}, text: '5s'}]);
    const edited = [...lines.slice(0, row), lines[row]!.replace('5000', '5s'), ...lines.slice(row + 1)].join('\n');
    const dir = tempDir('speclint-lsp-change-');
    writeFileSync(join(dir, 'spec.md'), edited);
    const expected = cliJson(['spec.md'], dir)[0]!.messages.map(expectedDiagnostic);
    expect(expected).toHaveLength(1);
    expect(changed.diagnostics.map((d, j) => actualDiagnostic(d, expected[j]?.end, edited))).toEqual(expected);
    // Typing on: only the last of a burst of edits is linted (debounced), and it is published with its version.
    const burst = client.diagnostics(uri, () => true);
    for (let v = 3; v <= 6; v++) {
      await client.connection.sendNotification('textDocument/didChange', {textDocument: {uri, version: v}, contentChanges: [{range: {start: {line: 0, character: 0}, end: {line: 0, character: 0}}, text: ''}]});
    }
    expect((await burst).version).toBe(6);
  });

  it("a quickfix's edit is the finding's --fix edit; the fix-all action's edit gives exactly what --fix writes", async () => {
    const text = readFileSync(failureFields, 'utf8');
    const uri = uriOf(failureFields);
    const published = await client.open(uri, text, 10);
    const fixable = published.diagnostics.find((d) => d.code === 'required-fields' && String(d.message).includes('missing'))!;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: {uri},
      range: {start: fixable.range.start, end: fixable.range.start},
      context: {diagnostics: [fixable]},
    });
    const quickfixes = actions.filter((a) => a.kind === 'quickfix');
    expect(quickfixes).toHaveLength(1);
    expect(quickfixes[0]!.diagnostics).toEqual([fixable]);
    const cliMessage = cliMessages(failureFields).find((m) => m.fix)!;
    const [start, end] = cliMessage.fix!.range;
    expect(applyEdits(text, editsOf(quickfixes[0]!, uri))).toBe(text.slice(0, start) + cliMessage.fix!.text + text.slice(end));
    const fixAll = actions.find((a) => a.kind === 'source.fixAll.speclint')!;
    expect(applyEdits(text, editsOf(fixAll, uri))).toBe(cliFix(text));

    // Two passes of --fix (a section, then its subsections) and a checklist item, asked for as a source action.
    const twoPasses = specNeedingTwoPasses();
    const otherUri = uriOf(join(fixtures, 'service-design', 'two-passes.md'));
    await client.open(otherUri, twoPasses);
    const source = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: {uri: otherUri},
      range: {start: {line: 0, character: 0}, end: {line: 0, character: 0}},
      context: {diagnostics: [], only: ['source.fixAll']},
    });
    expect(source.map((a) => a.kind)).toEqual(['source.fixAll.speclint']);
    const fixed = applyEdits(twoPasses, editsOf(source[0]!, otherUri));
    expect(fixed).toBe(cliFix(twoPasses));
    expect(fixed).toContain('### Concurrency Model');
  });

  it('code actions asked for right after an edit use the edited text, not the last lint', async () => {
    const uri = uriOf(join(fixtures, 'service-design', 'quick-edit.md'));
    const text = readFileSync(failureFields, 'utf8');
    await client.open(uri, text);
    // Prepend a line (no wait for its diagnostics): every fix moves one line down.
    await client.connection.sendNotification('textDocument/didChange', {textDocument: {uri, version: 2}, contentChanges: [{range: {start: {line: 0, character: 0}, end: {line: 0, character: 0}}, text: '<!-- draft -->\n'}]});
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: {uri},
      range: {start: {line: 58, character: 0}, end: {line: 58, character: 0}},
      context: {diagnostics: []},
    });
    const quickfix = actions.find((a) => a.kind === 'quickfix')!;
    expect(quickfix).toBeDefined();
    const prefix = '<!-- draft -->\n';
    const edited = prefix + text;
    const {fix} = cliMessages(failureFields).find((m) => m.fix)!;
    expect(applyEdits(edited, editsOf(quickfix, uri))).toBe(edited.slice(0, fix!.range[0] + prefix.length) + fix!.text + edited.slice(fix!.range[1] + prefix.length));
    expect(applyEdits(edited, editsOf(actions.find((a) => a.kind === 'source.fixAll.speclint')!, uri))).toBe(cliFix(edited));
  });
});

describe('speclint lsp: workspace config', () => {
  it('uses the nearest config and its profiles globs, and picks up changes (watched files, save, invalid config)', async () => {
    const root = tempDir('speclint-lsp-config-');
    mkdirSync(join(root, 'notes'));
    const spec = join(root, 'spec.md');
    copyFileSync(brokenRow, spec);
    // Not a spec by its headings: no diagnostics until config maps it to a profile.
    const note = join(root, 'notes', 'todo.md');
    writeFileSync(note, '# Notes\n\nThings to look at next week.\n');
    const {client} = await LspClient.start(root);
    try {
      expect((await client.open(uriOf(spec), readFileSync(spec, 'utf8'))).diagnostics.map((d) => d.code)).toEqual(['dependency-table', 'dependency-table']);
      expect((await client.open(uriOf(note), readFileSync(note, 'utf8'))).diagnostics).toEqual([]);

      // A new config: rule turned off, notes/ mapped to a profile. The editor's file watcher reports it.
      writeFileSync(join(root, '.speclintrc.json'), JSON.stringify({rules: {'dependency-table': 'off'}, profiles: {'notes/**': 'service-design'}}));
      const specAfter = client.diagnostics(uriOf(spec));
      const noteAfter = client.diagnostics(uriOf(note));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {changes: [{uri: uriOf(join(root, '.speclintrc.json')), type: 1}]});
      expect((await specAfter).diagnostics).toEqual([]);
      const mapped = (await noteAfter).diagnostics;
      expect(mapped.length).toBeGreaterThan(0);
      expect(mapped.map((d) => d.code)).toContain('required-sections');
      expect(mapped.map((d) => d.code)).toEqual(cliJson(['notes/todo.md'], root)[0]!.messages.map((m) => m.ruleId));

      // An invalid config: one diagnostic per document and one message, and the server keeps serving.
      writeFileSync(join(root, '.speclintrc.json'), '{"rules": {');
      const broken = client.diagnostics(uriOf(spec));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {changes: [{uri: uriOf(join(root, '.speclintrc.json')), type: 2}]});
      const invalid = (await broken).diagnostics;
      expect(invalid).toHaveLength(1);
      expect(invalid[0]).toMatchObject({code: 'config', severity: 1, source: 'speclint'});
      expect(invalid[0]!.message).toMatch(/invalid config.*\.speclintrc\.json: not valid JSON/);
      await expect.poll(() => client.shown.map((s) => s.message)).toEqual([invalid[0]!.message]);

      // Fixed again, with no watcher notification (Neovim and Helix send none): the next save sees it.
      writeFileSync(join(root, '.speclintrc.json'), JSON.stringify({rules: {'dependency-table': 'warn'}}));
      const saved = client.diagnostics(uriOf(spec));
      await client.connection.sendNotification('textDocument/didSave', {textDocument: {uri: uriOf(spec)}});
      expect((await saved).diagnostics.map((d) => [d.code, d.severity])).toEqual([
        ['dependency-table', 2],
        ['dependency-table', 2],
      ]);
      expect(await client.stop()).toBe(0);
    } finally {
      client.kill();
    }
  });

  it('leaves out what the config ignores', async () => {
    const root = tempDir('speclint-lsp-ignores-');
    mkdirSync(join(root, 'archive'));
    writeFileSync(join(root, '.speclintrc.yaml'), 'ignores: ["archive/**"]\n');
    const archived = join(root, 'archive', 'old.md');
    copyFileSync(brokenRow, archived);
    const {client} = await LspClient.start(root);
    try {
      expect((await client.open(uriOf(archived), readFileSync(archived, 'utf8'))).diagnostics).toEqual([]);
    } finally {
      client.kill();
    }
  });
});

describe('speclint lsp: robustness and lifecycle', () => {
  it('survives garbage input, a malformed notification and a file too deep to parse, and keeps serving', async () => {
    const {client} = await LspClient.start(repo);
    try {
      const raw = (body: string) => client.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      raw('{this is not json');
      raw('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":null}}');
      raw('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x/y.md","languageId":"markdown","version":1,"text":42}}}');
      await expect(client.connection.sendRequest('speclint/no-such-method', {})).rejects.toThrow(/Unhandled method/);
      // Markdown nested so deep that the parser would overflow the stack: the
      // per-file budget refuses it, as the CLI does, with one diagnostic.
      const deep = uriOf(join(repo, 'deep.md'));
      const failed = await client.open(deep, `${'>'.repeat(8000)} x\n`);
      expect(failed.diagnostics).toHaveLength(1);
      expect(failed.diagnostics[0]).toMatchObject({code: 'file-budget', source: 'speclint'});
      expect(failed.diagnostics[0]!.message).toMatch(/nested 8,000 deep \(more than 100\): too deep to parse/);
      // Still serving: the next document gets its findings.
      const after = await client.open(uriOf(brokenRow), readFileSync(brokenRow, 'utf8'));
      expect(after.diagnostics).toHaveLength(2);
      expect(await client.stop()).toBe(0);
      expect(client.stderr).toBe('');
    } finally {
      client.kill();
    }
  });

  it('exits 0 on shutdown then exit, 1 on exit without shutdown (as the protocol says)', async () => {
    const a = await LspClient.start(repo);
    expect(await a.client.stop()).toBe(0);
    const b = await LspClient.start(repo);
    await b.client.connection.sendNotification('exit');
    expect(await b.client.exitCode()).toBe(1);
  });

  it('speclint lsp --help prints its usage; an unknown option is a one-line error, exit 2', () => {
    const help = spawnSync(process.execPath, [bin, 'lsp', '--help'], {encoding: 'utf8'});
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: speclint lsp');
    const bad = spawnSync(process.execPath, [bin, 'lsp', '--socket=9000'], {encoding: 'utf8'});
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^speclint: error: unknown option '--socket=9000' \(see speclint lsp --help\)/);
  });
});

