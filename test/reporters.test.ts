/**
 * The junit and markdown report formats: exact output for a small hand-made
 * case (escaping included), and the reports of a real CLI run over the
 * fixtures compared with the JSON report of the same run. JUnit XML is
 * parsed by Chromium's DOMParser (a real XML 1.0 parser) when
 * /usr/bin/chromium is there; CI must have it, elsewhere those tests skip.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {Chalk} from 'chalk';
import {fromMarkdown} from 'mdast-util-from-markdown';
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table';
import {toString} from 'mdast-util-to-string';
import {gfmTable} from 'micromark-extension-gfm-table';
import type {Table} from 'mdast';
import {chromium, type Browser, type Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it, type TestContext} from 'vitest';
import {resolveRuleSettings, type FileResult} from '../src/engine/lint.js';
import {builtinProfiles} from '../src/profiles/built-in.js';
import type {ReportContext} from '../src/report/index.js';
import type {Summary} from '../src/report/types.js';
import junit from '../src/report/junit.js';
import {xmlAttr, xmlText} from '../src/report/escape.js';
import markdown from '../src/report/markdown.js';
import {mdEscape} from '../src/report/escape.js';

import {CHROMIUM, haveChromium, needChromium, tempDirs} from './helpers.js';

const repo = join(import.meta.dirname, '..');

const tempDir = tempDirs();
const bin = join(repo, 'bin', 'speclint.js');



// ---------------------------------------------------------------------------
// A small hand-made case.

const docs = (id: string) => `https://example.test/rules/${id}.md`;

function contextFor(summary: Partial<Summary> = {}): ReportContext {
  return {
    cwd: '/repo',
    chalk: new Chalk({level: 0}),
    summary: {filesLinted: 2, skipped: 0, ignored: 0, unreadable: 0, ...summary},
    rules: ['required-sections', 'section-order', 'no-placeholders', 'profile-match'].map((id) => ({id, description: `${id} rule`, url: docs(id)})),
    version: '9.9.9',
  };
}

const WEIRD_PATH = `specs/a <&"'>.md`;

const small: FileResult[] = [
  {
    filePath: WEIRD_PATH,
    messages: [
      {ruleId: 'section-order', severity: 1, message: 'Section "B" should come before "A"', line: 4, column: 1, hint: 'Move it'},
      {
        ruleId: 'no-placeholders',
        severity: 2,
        message: `Placeholder "<fill & 'in'>" left\u0007 in`,
        line: 7,
        column: 3,
        hint: 'Line one\nline two',
        url: docs('no-placeholders'),
      },
      {ruleId: 'no-placeholders', severity: 2, message: 'TODO | [Service_Name] `x`\u001b\r\nnext \uD800 lone', line: 9, column: 1},
    ],
    errorCount: 2,
    warningCount: 1,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    profile: {name: 'service-design', source: 'detected', reason: 'detected from headings: 3 of 3'},
    rulesRun: ['required-sections', 'section-order', 'no-placeholders'],
  },
  {
    filePath: 'specs/readme.md',
    messages: [{ruleId: 'profile-match', severity: 1, message: 'No profile matched this file', line: 1, column: 1}],
    errorCount: 0,
    warningCount: 1,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    profile: null,
    rulesRun: [],
  },
];

// ---------------------------------------------------------------------------
// A real run over the fixtures, in JSON and the format under test.

/** A file's entry in the JSON report (FileResult without rulesRun). */
type JsonResult = Omit<FileResult, 'rulesRun'>;

function runCli(format: string, ext: string): {report: string; json: JsonResult[]} {
  const dir = tempDir('speclint-reporters-');
  const out = join(dir, `report.${ext}`);
  const jsonOut = join(dir, 'report.json');
  const r = spawnSync(process.execPath, [bin, '-f', format, '-o', out, '-f', 'json', '-o', jsonOut, '-f', 'stylish', 'fixtures/'], {
    cwd: repo,
    encoding: 'utf8',
    env: {...process.env, NO_COLOR: '1'},
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1); // the broken fixtures have errors
  expect(r.stdout).toMatch(/✖ \d+ problems/); // and stylish to stdout
  // ESLint's filePath is absolute; the other formats name files relative to the working directory.
  const json = (JSON.parse(readFileSync(jsonOut, 'utf8')) as JsonResult[]).map((r) => ({...r, filePath: relative(repo, r.filePath)}));
  return {report: readFileSync(out, 'utf8'), json};
}

/** The rules that run on a file: its profile's enabled rules (the fixtures have no config), plus ids with findings. */
function expectedRules(result: JsonResult): string[] {
  const ids: string[] = [];
  const profile = result.profile && builtinProfiles().get(result.profile.name);
  if (profile) for (const [id, s] of resolveRuleSettings(profile)) if (s.severity > 0) ids.push(id);
  for (const m of result.messages) if (!ids.includes(m.ruleId ?? 'speclint')) ids.push(m.ruleId ?? 'speclint');
  return ids;
}

// ---------------------------------------------------------------------------

describe('junit', () => {
  it('writes the exact XML for a small case, escaping <&"\' and dropping characters XML 1.0 forbids', () => {
    const xml = junit(small, contextFor({unreadable: 1}));
    const A = 'specs/a &lt;&amp;&quot;&apos;&gt;.md';
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="speclint" tests="5" failures="1" errors="1">',
        `  <testsuite name="${A}" tests="3" failures="1" errors="0" skipped="0">`,
        '    <properties>',
        '      <property name="profile" value="service-design"/>',
        '      <property name="profile.source" value="detected"/>',
        '      <property name="profile.reason" value="detected from headings: 3 of 3"/>',
        '      <property name="errors" value="2"/>',
        '      <property name="warnings" value="1"/>',
        '    </properties>',
        `    <testcase classname="${A}" name="required-sections" file="${A}"/>`,
        `    <testcase classname="${A}" name="section-order" file="${A}">`,
        '      <system-out>4:1 warning Section "B" should come before "A"',
        '  Hint: Move it</system-out>',
        '    </testcase>',
        `    <testcase classname="${A}" name="no-placeholders" file="${A}">`,
        '      <failure type="no-placeholders" message="7:3 Placeholder &quot;&lt;fill &amp; &apos;in&apos;&gt;&quot; left\uFFFD in">Hint: Line one',
        'line two',
        'Docs: https://example.test/rules/no-placeholders.md</failure>',
        '      <failure type="no-placeholders" message="9:1 TODO | [Service_Name] `x`\uFFFD&#13;&#10;next \uFFFD lone">Docs: https://example.test/rules/no-placeholders.md</failure>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="specs/readme.md" tests="1" failures="0" errors="0" skipped="0">',
        '    <properties>',
        '      <property name="profile" value="none"/>',
        '      <property name="errors" value="0"/>',
        '      <property name="warnings" value="1"/>',
        '    </properties>',
        '    <testcase classname="specs/readme.md" name="profile-match" file="specs/readme.md">',
        '      <system-out>1:1 warning No profile matched this file</system-out>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="speclint" tests="1" failures="0" errors="1" skipped="0">',
        '    <testcase classname="speclint" name="read files">',
        '      <error type="input" message="1 file could not be linted (the reasons are on speclint&apos;s stderr)"/>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('escapes text and attributes for XML 1.0', () => {
    expect(xmlText(`a<b>&"c"'\t\r\n\u0000\u0008\u000B\u000C\u000E\u001F\u007F\uFFFE\uFFFF\uD83D\uDE00\uDC00`)).toBe(
      `a&lt;b&gt;&amp;"c"'\t&#13;\n\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\u007F\uFFFD\uFFFD\uD83D\uDE00\uFFFD`,
    );
    expect(xmlAttr(`a<b>&"c"'\t\r\n\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;&#9;&#13;&#10;\uFFFD');
  });

  it('has no failures and no errors when nothing is wrong', () => {
    const clean: FileResult = {...small[0]!, messages: [], errorCount: 0, warningCount: 0};
    const xml = junit([clean], contextFor({filesLinted: 1}));
    expect(xml).toContain('<testsuites name="speclint" tests="3" failures="0" errors="0">');
    expect(xml).not.toMatch(/<failure|<error|<system-out/);
  });

  describe('parsed by a real XML parser (Chromium)', () => {
    let browser: Browser | undefined;
    let page: Page;
    beforeAll(async () => {
      if (!haveChromium) return;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      page = await browser.newPage();
    });
    afterAll(async () => {
      await browser?.close();
    });

    interface XmlNode {
      name: string;
      attrs: Record<string, string>;
      text: string;
      children: XmlNode[];
    }

    /** Parse with DOMParser in the page; the parser's own error text when it is not well-formed. */
    async function parseXml(xml: string): Promise<XmlNode> {
      // A string, not a function: the page gets exactly this code, nothing a transpiler added.
      const script = `(() => {
        const doc = new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml');
        const error = doc.getElementsByTagName('parsererror')[0];
        if (error) return {error: error.textContent};
        const walk = (e) => ({
          name: e.tagName,
          attrs: Object.fromEntries([...e.attributes].map((a) => [a.name, a.value])),
          text: e.children.length ? '' : e.textContent,
          children: [...e.children].map(walk),
        });
        return {root: walk(doc.documentElement)};
      })()`;
      const parsed = (await page.evaluate(script)) as {error?: string; root?: XmlNode};
      expect(parsed.error, 'the XML is well-formed').toBeUndefined();
      return parsed.root!;
    }

    it('reads back every value of the small case exactly', async (ctx) => {
      needChromium(ctx);
      const root = await parseXml(junit(small, contextFor({unreadable: 1})));
      expect(root.attrs).toEqual({name: 'speclint', tests: '5', failures: '1', errors: '1'});
      const [a, readme, speclint] = root.children;
      expect(a!.attrs['name']).toBe(WEIRD_PATH);
      const cases = a!.children.filter((c) => c.name === 'testcase');
      expect(cases.map((c) => [c.attrs['classname'], c.attrs['name']])).toEqual([
        [WEIRD_PATH, 'required-sections'],
        [WEIRD_PATH, 'section-order'],
        [WEIRD_PATH, 'no-placeholders'],
      ]);
      expect(cases[1]!.children).toEqual([{name: 'system-out', attrs: {}, text: '4:1 warning Section "B" should come before "A"\n  Hint: Move it', children: []}]);
      expect(cases[2]!.children).toEqual([
        {
          name: 'failure',
          attrs: {type: 'no-placeholders', message: `7:3 Placeholder "<fill & 'in'>" left\uFFFD in`},
          text: `Hint: Line one\nline two\nDocs: ${docs('no-placeholders')}`,
          children: [],
        },
        {
          name: 'failure',
          attrs: {type: 'no-placeholders', message: '9:1 TODO | [Service_Name] `x`\uFFFD\r\nnext \uFFFD lone'},
          text: `Docs: ${docs('no-placeholders')}`,
          children: [],
        },
      ]);
      expect(readme!.children[0]!.children.map((p) => [p.attrs['name'], p.attrs['value']])).toEqual([
        ['profile', 'none'],
        ['errors', '0'],
        ['warnings', '1'],
      ]);
      expect(speclint!.children[0]!.children[0]).toMatchObject({name: 'error', attrs: {type: 'input'}});
    });

    it('matches the JSON report of the same CLI run over the fixtures, count for count', async (ctx) => {
      needChromium(ctx);
      const {report, json} = runCli('junit', 'xml');
      const root = await parseXml(report);
      const suites = root.children;
      expect(suites.map((s) => s.attrs['name'])).toEqual(json.map((r) => r.filePath));

      let tests = 0;
      let failures = 0;
      for (const [i, r] of json.entries()) {
        const suite = suites[i]!;
        const cases = suite.children.filter((c) => c.name === 'testcase');
        const props = Object.fromEntries(suite.children.find((c) => c.name === 'properties')!.children.map((p) => [p.attrs['name'], p.attrs['value']]));
        expect(props['profile']).toBe(r.profile?.name ?? 'none');
        expect(props['errors']).toBe(String(r.errorCount));
        expect(props['warnings']).toBe(String(r.warningCount));

        // One test case per rule that ran, named by rule, classed by file.
        expect(cases.map((c) => c.attrs['name'])).toEqual(expectedRules(r));
        for (const c of cases) expect(c.attrs['classname']).toBe(r.filePath);

        // One <failure> per error, in order, with type = rule and message = "line:col message".
        const failureEls = cases.flatMap((c) => c.children.filter((x) => x.name === 'failure').map((f) => ({rule: c.attrs['name'], f})));
        const errors = r.messages.filter((m) => m.severity === 2);
        expect(failureEls).toHaveLength(r.errorCount);
        expect(failureEls.map(({rule, f}) => [rule, f.attrs['type'], f.attrs['message']]).sort()).toEqual(
          errors.map((m) => [m.ruleId, m.ruleId, `${m.line}:${m.column} ${m.message}`]).sort(),
        );
        for (const {f} of failureEls) {
          const m = errors.find((e) => `${e.line}:${e.column} ${e.message}` === f.attrs['message'])!;
          if (m.hint) expect(f.text.split('\n')[0]).toBe(`Hint: ${m.hint}`);
        }

        // Warnings: one line each in the system-out of their rule's (passing) test case.
        const warningLines = cases.flatMap((c) =>
          c.children
            .filter((x) => x.name === 'system-out')
            .flatMap((x) => x.text.split('\n').filter((l) => /^\d+:\d+ warning /.test(l)).map((l) => `${c.attrs['name']} ${l}`)),
        );
        expect(warningLines.sort()).toEqual(
          r.messages.filter((m) => m.severity === 1).map((m) => `${m.ruleId} ${m.line}:${m.column} warning ${m.message}`).sort(),
        );

        const failedCases = new Set(errors.map((m) => m.ruleId)).size;
        expect(suite.attrs).toMatchObject({tests: String(cases.length), failures: String(failedCases), errors: '0'});
        tests += cases.length;
        failures += failedCases;
      }
      expect(root.attrs).toEqual({name: 'speclint', tests: String(tests), failures: String(failures), errors: '0'});
      // The fixtures exercise both kinds of finding.
      expect(json.some((r) => r.errorCount > 0) && json.some((r) => r.warningCount > 0)).toBe(true);
    });
  });
});

// ---------------------------------------------------------------------------

describe('markdown', () => {
  it('writes the exact summary for a small case', () => {
    const md = markdown(small, contextFor({skipped: 1, unreadable: 1}));
    expect(md).toBe(
      [
        '## speclint',
        '',
        '✖ **4 problems** (2 errors, 2 warnings) in 2 of 2 files linted, 1 skipped as not specs, 1 file could not be read (see the log)',
        '',
        '| File | Profile | Errors | Warnings |',
        '| --- | --- | ---: | ---: |',
        `| specs/a &lt;&amp;"'&gt;.md | service-design | 2 | 1 |`,
        '| specs/readme.md | (none) | 0 | 1 |',
        '',
        `### specs/a &lt;&amp;"'&gt;.md`,
        '',
        'Profile: **service-design** · detected from headings: 3 of 3',
        '',
        '| Line | Severity | Rule | Message |',
        '| ---: | --- | --- | --- |',
        '| 4:1 | warning | [section-order](https://example.test/rules/section-order.md) | Section "B" should come before "A"<br>Hint: Move it |',
        `| 7:3 | error | [no-placeholders](https://example.test/rules/no-placeholders.md) | Placeholder "&lt;fill &amp; 'in'&gt;" left\uFFFD in<br>Hint: Line one<br>line two |`,
        '| 9:1 | error | [no-placeholders](https://example.test/rules/no-placeholders.md) | TODO \\| \\[Service\\_Name\\] \\`x\\`\uFFFD<br>next \uD800 lone |',
        '',
        '### specs/readme.md',
        '',
        '| Line | Severity | Rule | Message |',
        '| ---: | --- | --- | --- |',
        '| 1:1 | warning | [profile-match](https://example.test/rules/profile-match.md) | No profile matched this file |',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to report', () => {
    const clean: FileResult = {...small[1]!, messages: [], warningCount: 0};
    expect(markdown([clean], contextFor({filesLinted: 1}))).toBe(
      ['## speclint', '', '✔ **No problems** · 1 file linted', '', '| File | Profile | Errors | Warnings |', '| --- | --- | ---: | ---: |', '| specs/readme.md | (none) | 0 | 0 |', ''].join('\n'),
    );
  });

  it('escapes cells so a GFM parser reads back one cell with the original text', () => {
    const text = 'a | b \\| c\nd *e* _f_ [g](h) <i> &amp; `j` ~~k~~ # l';
    const md = `| X | Y |\n| --- | --- |\n| ${mdEscape(text)} | y |\n`;
    const tree = fromMarkdown(md, {extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()]});
    const table = tree.children[0] as Table;
    expect(table.type).toBe('table');
    const row = table.children[1]!;
    expect(row.children).toHaveLength(2);
    // Text is read back as written; the only markup left is the <br> standing for the line break.
    expect(row.children[0]!.children.map((n) => n.type)).toEqual(['text', 'html', 'text']);
    expect(toString(row.children[0])).toBe(text.replace('\n', '<br>'));
    expect(toString(row.children[1])).toBe('y');
  });

  it('matches the JSON report of the same CLI run over the fixtures', () => {
    const {report, json} = runCli('markdown', 'md');
    const tree = fromMarkdown(report, {extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()]});
    const tables = tree.children.filter((n): n is Table => n.type === 'table');
    const cells = (t: Table) => t.children.slice(1).map((row) => row.children.map((c) => toString(c)));

    const errors = json.reduce((n, r) => n + r.errorCount, 0);
    const warnings = json.reduce((n, r) => n + r.warningCount, 0);
    const withFindings = json.filter((r) => r.messages.length > 0);
    // The Markdown under fixtures/ that the report leaves out: fixtures/not-specs/, skipped as not specs.
    const skipped = readdirSync(join(repo, 'fixtures'), {recursive: true, encoding: 'utf8'}).filter((p) => p.endsWith('.md')).length - json.length;
    expect(skipped).toBeGreaterThan(0);
    expect(report.split('\n')[2]).toBe(
      `✖ **${errors + warnings} problems** (${errors} errors, ${warnings} warnings) in ${withFindings.length} of ${json.length} files linted, ${skipped} skipped as not specs`,
    );
    expect(cells(tables[0]!)).toEqual(json.map((r) => [r.filePath, r.profile?.name ?? '(none)', String(r.errorCount), String(r.warningCount)]));

    expect(tables).toHaveLength(1 + withFindings.length);
    const headings = tree.children.filter((n) => n.type === 'heading' && n.depth === 3).map((n) => toString(n));
    expect(headings).toEqual(withFindings.map((r) => r.filePath));
    withFindings.forEach((r, i) => {
      expect(cells(tables[i + 1]!)).toEqual(
        r.messages.map((m) => [
          `${m.line}:${m.column}`,
          m.severity === 2 ? 'error' : 'warning',
          m.ruleId ?? 'speclint',
          m.message.replace(/\n/g, '<br>') + (m.hint ? `<br>Hint: ${m.hint}` : ''),
        ]),
      );
    });
  });
});
