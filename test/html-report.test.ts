/**
 * The HTML report in a real headless Chromium: the page the CLI writes is
 * opened as a file:// URL, every scorecard cell and count is checked against
 * the JSON report of the same run, and the page must make no request other
 * than for itself. A full-page screenshot goes to test-results/html-report.png.
 *
 * Needs /usr/bin/chromium (.ci/run installs it): without it the tests fail
 * when CI is set and are skipped otherwise.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {pathToFileURL} from 'node:url';
import {chromium, type Browser, type Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it, type TestContext} from 'vitest';
import {resolveRuleSettings, type FileResult} from '../src/engine/lint.js';
import {builtinProfiles} from '../src/profiles/built-in.js';
import {ENGINE_RULES, RULES} from '../src/engine/registry.js';

import {CHROMIUM, haveChromium, needChromium, tempDirs} from './helpers.js';

const repo = join(import.meta.dirname, '..');

const tempDir = tempDirs();
const bin = join(repo, 'bin', 'speclint.js');
const screenshot = join(repo, 'test-results', 'html-report.png');


/** A file's entry in the JSON report (FileResult without rulesRun). */
type JsonResult = Omit<FileResult, 'rulesRun'>;

/** The CLI writes the HTML and the JSON report of one run. */
function runCli(args: string[], cwd: string): {htmlPath: string; json: JsonResult[]} {
  const dir = tempDir('speclint-html-');
  const htmlPath = join(dir, 'report.html');
  const jsonPath = join(dir, 'report.json');
  const r = spawnSync(process.execPath, [bin, '-f', 'html', '-o', htmlPath, '-f', 'json', '-o', jsonPath, ...args], {
    cwd,
    encoding: 'utf8',
    env: {...process.env, NO_COLOR: '1'},
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1); // both runs lint specs with errors
  // ESLint's filePath is absolute; the HTML report names files relative to the working directory.
  const json = (JSON.parse(readFileSync(jsonPath, 'utf8')) as JsonResult[]).map((r) => ({...r, filePath: relative(cwd, r.filePath)}));
  return {htmlPath, json};
}

const ruleOf = (m: JsonResult['messages'][number]) => m.ruleId ?? 'speclint';

/** Rules that ran on a file: its profile's enabled rules (no config applies here), plus ids with findings. */
function rulesRun(result: JsonResult): string[] {
  const ids: string[] = [];
  const profile = result.profile && builtinProfiles().get(result.profile.name);
  if (profile) for (const [id, s] of resolveRuleSettings(profile)) if (s.severity > 0) ids.push(id);
  for (const m of result.messages) if (!ids.includes(ruleOf(m))) ids.push(ruleOf(m));
  return ids;
}

function expectedStatus(result: JsonResult, rule: string): string {
  const found = result.messages.filter((m) => ruleOf(m) === rule);
  if (found.some((m) => m.severity === 2)) return 'fail';
  if (found.length) return 'warn';
  return rulesRun(result).includes(rule) ? 'pass' : 'not-run';
}

interface PageData {
  title: string;
  totals: Record<string, string>;
  totalsText: string;
  columns: string[];
  rows: {file: string; profile: string; errors: string; warnings: string; cells: {file: string; rule: string; status: string; href: string | null; text: string}[]}[];
  specs: {id: string; file: string; errors: string; warnings: string; profile: string; findings: {id: string; cls: string; rule: string; where: string; href: string; message: string; hint: string}[]}[];
  clean: {id: string; file: string}[];
  ids: string[];
  loaded: {scripts: number; external: number; imgs: number; styleUrls: boolean};
}

/** Read the page through the DOM. A string so the page gets exactly this code. */
const READ_PAGE = `(() => {
  const q = (sel, root = document) => [...root.querySelectorAll(sel)];
  const text = (el) => (el ? el.textContent.trim() : '');
  const totals = document.getElementById('totals');
  return {
    title: document.title,
    totals: Object.fromEntries([...totals.attributes].filter((a) => a.name.startsWith('data-')).map((a) => [a.name, a.value])),
    totalsText: totals.innerText,
    columns: q('table.matrix thead th.rule').map((th) => th.dataset.rule),
    rows: q('table.matrix tbody tr').map((tr) => {
      const tds = q(':scope > td', tr);
      return {
        file: tr.dataset.file,
        profile: text(tds[0]),
        errors: text(tds[1]),
        warnings: text(tds[2]),
        cells: q('td.cell', tr).map((td) => ({
          file: td.dataset.file, rule: td.dataset.rule, status: td.dataset.status,
          href: td.querySelector('a') ? td.querySelector('a').getAttribute('href') : null, text: text(td),
        })),
      };
    }),
    specs: q('article.spec').map((a) => ({
      id: a.id, file: a.dataset.file, errors: a.dataset.errors, warnings: a.dataset.warnings, profile: text(a.querySelector('.profile')),
      findings: q('table.findings tr', a).map((tr) => ({
        id: tr.id, cls: tr.className, rule: tr.dataset.rule, where: text(tr.querySelector('td.where')),
        href: tr.querySelector('td.where a').getAttribute('href'),
        message: tr.children[2].firstChild.textContent, hint: text(tr.querySelector('.hint')),
      })),
    })),
    clean: q('ul.clean li').map((li) => ({id: li.id, file: li.dataset.file})),
    ids: q('[id]').map((e) => e.id),
    loaded: {
      scripts: document.scripts.length,
      external: q('link[rel~=stylesheet], link[rel=preload], link[rel=prefetch], iframe, object, embed, video, audio, source').length,
      imgs: document.images.length,
      styleUrls: q('style').some((s) => /url\\(|@import/.test(s.textContent)),
    },
  };
})()`;

describe('html report in headless Chromium', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!haveChromium) return;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Open the page, recording every request it makes. */
  async function open(htmlPath: string): Promise<{page: Page; url: string; requests: string[]; data: PageData}> {
    const page = await browser!.newPage({viewport: {width: 1400, height: 900}});
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(htmlPath).href;
    await page.goto(url, {waitUntil: 'load'});
    const data = (await page.evaluate(READ_PAGE)) as PageData;
    return {page, url, requests, data};
  }

  it('shows the fixtures scorecard exactly as the JSON report of the same run says', async (ctx) => {
    needChromium(ctx);
    const {htmlPath, json} = runCli(['fixtures/'], repo);
    const {page, url, requests, data} = await open(htmlPath);

    // Nothing loaded but the page itself.
    expect(requests).toEqual([url]);
    expect(data.loaded).toEqual({scripts: 0, external: 0, imgs: 0, styleUrls: false});

    // Totals.
    const errors = json.reduce((n, r) => n + r.errorCount, 0);
    const warnings = json.reduce((n, r) => n + r.warningCount, 0);
    const clean = json.filter((r) => r.messages.length === 0).length;
    expect(data.totals).toMatchObject({
      'data-files': String(json.length),
      'data-errors': String(errors),
      'data-warnings': String(warnings),
      'data-clean': String(clean),
      'data-unreadable': '0',
    });
    expect(data.totalsText).toContain(`${errors}\nerrors`);
    expect(data.totalsText).toContain(`${warnings}\nwarnings`);
    expect(data.title).toBe(`speclint report: ${errors} errors, ${warnings} warnings`);
    expect(errors).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(0);

    // Columns: every rule that ran on some file, in catalogue order.
    const catalogue = [...RULES.map((r) => r.meta.id), ...ENGINE_RULES.map((r) => r.id)];
    const ran = new Set(json.flatMap(rulesRun));
    expect(data.columns).toEqual([...catalogue.filter((id) => ran.has(id)), ...[...ran].filter((id) => !catalogue.includes(id))]);

    // Rows and every cell.
    expect(data.rows.map((r) => r.file)).toEqual(json.map((r) => r.filePath));
    const statuses = {pass: 0, warn: 0, fail: 0, 'not-run': 0} as Record<string, number>;
    json.forEach((r, i) => {
      const row = data.rows[i]!;
      expect([row.profile, row.errors, row.warnings]).toEqual([r.profile?.name ?? 'none', String(r.errorCount), String(r.warningCount)]);
      expect(row.cells.map((c) => [c.file, c.rule, c.status])).toEqual(data.columns.map((rule) => [r.filePath, rule, expectedStatus(r, rule)]));
      for (const c of row.cells) {
        statuses[c.status]!++;
        if (c.status === 'fail' || c.status === 'warn') {
          // The cell links to the first finding of its rule.
          const first = r.messages.find((m) => ruleOf(m) === c.rule)!;
          expect(c.href).toBe(`#file-${i + 1}-L${first.line}`);
          expect(data.ids).toContain(c.href!.slice(1));
        } else {
          expect(c.href).toBeNull();
        }
      }
    });
    // The fixtures exercise every status.
    for (const s of ['pass', 'warn', 'fail', 'not-run']) expect(statuses[s], s).toBeGreaterThan(0);

    // Findings of each spec, with line:col and line anchors.
    const withFindings = json.map((r, i) => ({r, i})).filter(({r}) => r.messages.length > 0);
    expect(data.specs.map((s) => [s.id, s.file, s.errors, s.warnings])).toEqual(
      withFindings.map(({r, i}) => [`file-${i + 1}`, r.filePath, String(r.errorCount), String(r.warningCount)]),
    );
    withFindings.forEach(({r, i}, k) => {
      const spec = data.specs[k]!;
      expect(spec.profile).toContain(`Profile ${r.profile!.name}`);
      const seen = new Set<number>();
      expect(spec.findings).toEqual(
        r.messages.map((m) => {
          const anchor = `file-${i + 1}-L${m.line}`;
          const first = !seen.has(m.line);
          seen.add(m.line);
          return {
            id: first ? anchor : '',
            cls: m.severity === 2 ? 'error' : 'warning',
            rule: ruleOf(m),
            where: `${m.line}:${m.column}`,
            href: `#${anchor}`,
            message: m.message,
            hint: m.hint ? `Hint: ${m.hint}` : '',
          };
        }),
      );
    });
    expect(data.clean).toEqual(json.map((r, i) => ({r, i})).filter(({r}) => r.messages.length === 0).map(({r, i}) => ({id: `file-${i + 1}`, file: r.filePath})));
    expect(new Set(data.ids).size).toBe(data.ids.length); // ids are unique

    // A failing cell's link goes to the finding.
    const cell = page.locator('td.cell[data-status="fail"] a').first();
    const href = await cell.getAttribute('href');
    await cell.click();
    expect(await page.evaluate('location.hash')).toBe(href);
    expect(await page.evaluate('document.querySelector(":target") && document.querySelector(":target").id')).toBe(href!.slice(1));

    await page.evaluate('window.scrollTo(0, 0)');
    mkdirSync(join(repo, 'test-results'), {recursive: true});
    await page.screenshot({path: screenshot, fullPage: true});
    expect(existsSync(screenshot)).toBe(true);
    expect(requests).toEqual([url]);
    await page.close();
  });

  it('escapes file paths and quoted spec text, markup and control characters included', async (ctx) => {
    needChromium(ctx);
    const dir = tempDir('speclint-html-escape-');
    const sub = `we<ir>d & 'q"`;
    mkdirSync(join(dir, sub));
    const heading = `Overview (bell \u0007 esc \u001b <img src="http://127.0.0.1:9/x.png"> <b>&"'</b> &amp; | x)`;
    writeFileSync(join(dir, sub, 's.md'), `# Service Design\n\n## ${heading}\n\n## Service Boundaries\n\nText.\n`);
    const {htmlPath, json} = runCli(['-p', 'service-design', `${sub}/s.md`], dir);
    const {page, url, requests, data} = await open(htmlPath);

    expect(requests).toEqual([url]);
    expect(data.loaded).toEqual({scripts: 0, external: 0, imgs: 0, styleUrls: false});
    const [result] = json;
    expect(result!.filePath).toBe(`${sub}/s.md`);
    expect(data.rows.map((r) => r.file)).toEqual([`${sub}/s.md`]);
    expect(data.specs[0]!.file).toBe(`${sub}/s.md`);
    // The quoted heading reaches the report with its markup and control characters.
    const quoted = result!.messages.find((m) => m.message.includes('bell'))!;
    expect(quoted.message).toContain('\u0007');
    expect(quoted.message).toContain('<img src="http://127.0.0.1:9/x.png">');
    const shown = data.specs[0]!.findings.find((f) => f.message.includes('bell'))!;
    expect(shown.message).toBe(quoted.message.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD'));
    expect(await page.locator('article.spec b').count()).toBe(1); // only the profile name is bold
    await page.close();
  });
});
