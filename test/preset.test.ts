/**
 * The remark preset (src/preset.ts) goes through the CLI's lint path: same
 * config, same profile choice, async rules awaited, same rule ids; and
 * remark can write the tree back (GFM tables, task lists, front matter).
 * In-process with unified, then with remark-cli on the packed tarball
 * installed in a scratch folder, as a user would install it.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import {unified} from 'unified';
import {VFile} from 'vfile';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {lintText} from '../src/engine/lint.js';
import {builtinProfiles} from '../src/profiles/built-in.js';
import remarkPresetSpeclint from '../src/preset.js';

const repo = join(import.meta.dirname, '..');
const fixtures = join(repo, 'fixtures');
const read = (p: string) => readFileSync(join(fixtures, p), 'utf8');
const brokenDiagram = 'architecture-design/broken-diagram-syntax.md';
const good = 'architecture-design/ok-chat-service.md';

const line = (m: {line?: number; column?: number; fatal?: boolean | null; ruleId?: string | null; reason: string}) =>
  `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.ruleId} ${m.reason}`;

async function runPreset(text: string, options: object = {}, cwd = repo, path = 'spec.md') {
  const processor = unified().use(remarkParse).use(remarkPresetSpeclint, options);
  const file = new VFile({path, cwd, value: text});
  await processor.run(processor.parse(file), file);
  return file;
}

describe('remark preset, in a unified pipeline', () => {
  it('runs the profile rules, with lint comments', async () => {
    const text = read('service-design/broken-dependency-row.md');
    const file = await runPreset(text, {profile: 'service-design'});
    expect(file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.source}`)).toEqual([
      '46:34 dependency-table speclint',
      '46:41 dependency-table speclint',
    ]);
    const silenced = await runPreset('<!-- lint disable dependency-table -->\n\n' + text);
    expect(silenced.messages).toEqual([]);
  });

  it('reports exactly what the CLI engine reports, async rules (mermaid) included', async () => {
    for (const fixture of [brokenDiagram, 'service-design/broken-dependency-row.md', 'backend-spec/broken-fallback-missing.md']) {
      const text = read(fixture);
      const file = await runPreset(text);
      const engine = await lintText(text, {filePath: 'spec.md', profiles: builtinProfiles(), explicit: true});
      const expected = engine.result!.messages.map((m) => `${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warning'} ${m.ruleId} ${m.message}`);
      expect(expected.length, fixture).toBeGreaterThan(0);
      expect(file.messages.map(line), fixture).toEqual(expected);
    }
    const diagram = await runPreset(read(brokenDiagram));
    expect(diagram.messages.map((m) => m.ruleId)).toEqual(['code-blocks', 'code-blocks']);
  });

  it('reads the nearest .speclintrc from the file’s folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-preset-'));
    try {
      writeFileSync(join(dir, '.speclintrc.yaml'), 'rules:\n  code-blocks: warn\n');
      const file = await runPreset(read(brokenDiagram), {}, dir, join(dir, 'spec.md'));
      expect(file.messages.map((m) => `${m.ruleId} ${m.fatal ? 'error' : 'warning'}`)).toEqual(['code-blocks warning', 'code-blocks warning']);
      // A bad config is one fatal message on the file (remark-cli reports it), naming file, rule and key.
      writeFileSync(join(dir, '.speclintrc.yaml'), 'rules:\n  identifiers: [error, {ruleIdPattern: "("}]\n');
      const processor = unified().use(remarkParse).use(remarkPresetSpeclint);
      const bad = new VFile({path: join(dir, 'other.md'), value: read(good)});
      await expect(processor.run(processor.parse(bad), bad)).rejects.toThrow(/\.speclintrc\.yaml: \/rules\/identifiers\/1\/ruleIdPattern: not a valid regular expression/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('reports an unknown profile on the file', async () => {
    const processor = unified().use(remarkParse).use(remarkPresetSpeclint, {profile: 'nope'});
    const file = new VFile({path: 'spec.md', value: read(good)});
    await expect(processor.run(processor.parse(file), file)).rejects.toThrow(/unknown profile "nope"/);
  });

  it('writes the tree back: tables, task lists and front matter', async () => {
    const text = `---\nspeclint: architecture-design\n---\n\n${read(good)}\n- [x] done\n- [ ] open\n`;
    const file = new VFile({path: 'spec.md', value: text});
    const out = String(await unified().use(remarkParse).use(remarkPresetSpeclint).use(remarkStringify).process(file));
    expect(out).toMatch(/^---\nspeclint: architecture-design\n---\n/);
    expect(out.split('\n').filter((l) => l.startsWith('|')).length).toBe(text.split('\n').filter((l) => l.startsWith('|')).length);
    expect(out).toContain('* [x] done');
  });
});

describe('remark preset, with remark-cli on the packed tarball', () => {
  let dir: string;
  const remarkCliVersion = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).devDependencies['remark-cli'];
  const remark = (args: string[]) => {
    const r = spawnSync(process.execPath, [join(dir, 'node_modules', 'remark-cli', 'cli.js'), '--no-color', ...args], {cwd: dir, encoding: 'utf8', env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'}});
    return {code: r.status, stdout: r.stdout, stderr: r.stderr};
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'speclint-remark-cli-'));
    // dist/ is built by `npm test` before vitest runs: pack without running "prepare" again.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], {cwd: repo, encoding: 'utf8'});
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({name: 'scratch', private: true, type: 'module'}));
    const install = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${tarball}`, `remark-cli@${remarkCliVersion}`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(install.status, install.stderr).toBe(0);
    writeFileSync(join(dir, '.remarkrc.mjs'), "import speclint from 'speclint/preset';\nexport default {plugins: [speclint]};\n");
    writeFileSync(join(dir, 'broken.md'), read(brokenDiagram));
    writeFileSync(join(dir, 'good.md'), read(good));
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  it('remark broken.md --frail reports the mermaid errors and exits non-zero', () => {
    const r = remark(['broken.md', '--frail']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/27:1 +error +Mermaid flowchart does not parse: .* +code-blocks +speclint/);
    expect(r.stderr).toMatch(/113:18 +error +Mermaid erDiagram does not parse: .* +code-blocks +speclint/);
    expect(r.stderr).toMatch(/2 errors/);
  });

  it('remark good.md -o out.md writes the file, tables included, without crashing', () => {
    const r = remark(['good.md', '-o', 'out.md']);
    expect(r.stderr).toMatch(/good\.md > out\.md: written/);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'out.md'))).toBe(true);
    const tableLines = (t: string) => t.split('\n').filter((l) => l.startsWith('|')).length;
    expect(tableLines(readFileSync(join(dir, 'out.md'), 'utf8'))).toBe(tableLines(read(good)));
    expect(tableLines(read(good))).toBeGreaterThan(0);
  });
});
