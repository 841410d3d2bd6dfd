/**
 * The HTML report in a real headless Chromium: the page the CLI writes is
 * opened as a file:// URL, every scorecard cell and count is checked against
 * the JSON report of the same run, and the page must make no request other
 * than for itself. A full-page screenshot goes to test-results/html-report.png.
 * The service graph (the checks across specs on fixtures/system) is checked
 * in the SVG the report draws (test-results/html-service-graph.png), and the
 * mermaid source `speclint graph` prints is rendered with mermaid's own
 * browser bundle from node_modules (test-results/speclint-graph-mermaid.png).
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
  /** The service graph's SVG through the DOM: nodes, edges, their styles and geometry. */
  const READ_GRAPH = `(() => {
    const svg = document.querySelector('#graph svg.service-graph');
    if (!svg) return null;
    const css = (el, p) => getComputedStyle(el).getPropertyValue(p).trim();
    const probe = document.createElement('div');
    probe.style.color = 'var(--fail)';
    document.body.appendChild(probe);
    const fail = getComputedStyle(probe).color;
    probe.remove();
    const box = (el) => { const b = el.getBBox(); return {x: b.x, y: b.y, w: b.width, h: b.height}; };
    const view = svg.viewBox.baseVal;
    return {
      fail,
      view: {w: view.width, h: view.height},
      nodes: [...svg.querySelectorAll('g.node')].map((g) => ({
        file: g.dataset.file, service: g.dataset.service, findings: g.dataset.findings, flagged: g.classList.contains('flagged'),
        name: g.querySelector('text.name').textContent, title: g.querySelector('title').textContent,
        stroke: css(g.querySelector('rect'), 'stroke'), box: box(g.querySelector('rect')),
      })),
      edges: [...svg.querySelectorAll('g.edge')].map((g) => {
        const path = g.querySelector('path');
        const len = path.getTotalLength();
        const at = (l) => { const p = path.getPointAtLength(l); return {x: p.x, y: p.y}; };
        const marker = (path.getAttribute('marker-end') || '').replace(/^url\\(#(.*)\\)$/, '$1');
        return {
          kind: ['sync', 'async', 'event'].find((k) => g.classList.contains(k)), from: g.dataset.from, to: g.dataset.to,
          findings: g.dataset.findings, flagged: g.classList.contains('flagged'), title: g.querySelector('title').textContent,
          stroke: css(path, 'stroke'), dash: css(path, 'stroke-dasharray'), marker, markerFound: !!svg.querySelector('marker#' + marker),
          start: at(0), end: at(len),
        };
      }),
      mermaid: document.querySelector('#graph details.mermaid-source pre code').textContent,
    };
  })()`;

  interface GraphBox { x: number; y: number; w: number; h: number }
  interface GraphData {
    fail: string;
    view: {w: number; h: number};
    nodes: Array<{file: string; service: string; findings: string; flagged: boolean; name: string; title: string; stroke: string; box: GraphBox}>;
    edges: Array<{kind: string; from: string; to: string; findings: string; flagged: boolean; title: string; stroke: string; dash: string; marker: string; markerFound: boolean; start: {x: number; y: number}; end: {x: number; y: number}}>;
    mermaid: string;
  }

  /** `speclint graph` of the fixture repository (mermaid), run from the repository root as the HTML report is. */
  function speclintGraph(): string {
    const r = spawnSync(process.execPath, [bin, 'graph', 'fixtures/system'], {cwd: repo, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}});
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  }

  /** Whether point p lies on the border of box b (within tol pixels). */
  const onBorder = (p: {x: number; y: number}, b: GraphBox, tol = 1.5) =>
    p.x >= b.x - tol && p.x <= b.x + b.w + tol && p.y >= b.y - tol && p.y <= b.y + b.h + tol &&
    (Math.abs(p.x - b.x) <= tol || Math.abs(p.x - b.x - b.w) <= tol || Math.abs(p.y - b.y) <= tol || Math.abs(p.y - b.y - b.h) <= tol);

  it('draws the service graph of fixtures/system as inline SVG, the findings of the checks across specs on their edges', async (ctx) => {
    needChromium(ctx);
    const {htmlPath, json} = runCli(['-c', 'fixtures/system/.speclintrc.json', 'fixtures/system'], repo);
    const {page, url, requests, data} = await open(htmlPath);
    // Still one self-contained page: no script, no image, nothing fetched.
    expect(requests).toEqual([url]);
    expect(data.loaded).toEqual({scripts: 0, external: 0, imgs: 0, styleUrls: false});
    const graph = (await page.evaluate(READ_GRAPH)) as GraphData | null;
    expect(graph).not.toBeNull();
    const g = graph!;

    // Every linted spec is a node, named as `speclint graph` names it, and shows that name.
    const mermaid = speclintGraph();
    const names = new Map([...mermaid.matchAll(/^ {2}n\d+\["(.*?)<br\/>(.*?)(?:<br\/>.*)?"\]$/gm)].map((m) => [m[2]!, m[1]!]));
    expect([...names.keys()].sort()).toEqual(json.map((r) => r.filePath).sort());
    expect(g.nodes.map((n) => n.file).sort()).toEqual(json.map((r) => r.filePath).sort());
    for (const n of g.nodes) {
      expect(n.service).toBe(names.get(n.file));
      expect(n.name.replace(/ ⚠$/, '')).toBe(names.get(n.file));
    }
    // The <details> block holds what `speclint graph` prints (the config turns every system rule on, so the marks agree).
    expect(g.mermaid).toBe(mermaid);
    const mermaidEdges = mermaid.split('\n').filter((l) => /^ {2}n\d+ -/.test(l));
    expect(g.edges).toHaveLength(mermaidEdges.length);
    const linkStyle = /^ {2}linkStyle ([\d,]+) /m.exec(mermaid)![1]!.split(',').map(Number);
    expect(g.edges.flatMap((e, i) => (e.flagged ? [i] : []))).toEqual(linkStyle);

    // Each system finding of the JSON report is marked once: on the node (an availability target)
    // or on an edge between its spec and the other spec its message cites.
    // A broken heading link is about documents, not the services' graph: it is a finding of its spec, not a mark on the graph.
    const all = json.flatMap((r) => r.messages.filter((m) => m.ruleId?.startsWith('system-')).map((m) => ({file: r.filePath, ...m})));
    expect(all.filter((f) => f.ruleId === 'system-heading-link')).toHaveLength(1);
    const systemFindings = all.filter((f) => f.ruleId !== 'system-heading-link');
    expect(new Set(systemFindings.map((f) => f.ruleId)).size).toBe(5);
    const marks = [...g.nodes.map((n) => n.findings), ...g.edges.map((e) => e.findings)].flatMap((f) => f.split(' ').filter(Boolean));
    expect(marks.sort()).toEqual(systemFindings.map((f) => f.ruleId!).sort());
    for (const f of systemFindings) {
      const cited = [...f.message.matchAll(/([\w./-]+\.md):\d+/g)].map((m) => m[1]!).filter((c) => c !== f.file);
      expect(cited.length, f.message).toBeGreaterThan(0);
      if (f.ruleId === 'system-availability') {
        const node = g.nodes.find((n) => n.file === f.file)!;
        expect(node).toMatchObject({flagged: true, findings: f.ruleId, stroke: g.fail});
        expect(node.title).toContain(f.message);
        continue;
      }
      const edge = g.edges.find((e) => e.findings.split(' ').includes(f.ruleId!) && ((e.from === f.file && cited.includes(e.to)) || (e.to === f.file && cited.includes(e.from))));
      expect(edge, `${f.ruleId} on an edge of ${f.file}`).toBeDefined();
      expect(edge).toMatchObject({flagged: true, stroke: g.fail, marker: 'sg-arrow-flagged'});
      expect(edge!.title).toContain(f.message);
    }
    // Unmarked edges and nodes are not in the error colour; synchronous calls are solid, events dotted.
    for (const e of g.edges.filter((x) => !x.flagged)) expect(e.stroke).not.toBe(g.fail);
    for (const n of g.nodes.filter((x) => !x.flagged)) expect(n.stroke).not.toBe(g.fail);
    const dash = (kind: string) => [...new Set(g.edges.filter((e) => e.kind === kind).map((e) => e.dash))];
    expect(dash('sync')).toEqual(['none']);
    expect(dash('event')).toHaveLength(1);
    expect(dash('event')[0]).not.toBe('none');
    if (dash('async').length) expect(dash('async')[0]).not.toMatch(new RegExp(`^(none|${dash('event')[0]})$`));

    // Geometry: boxes inside the drawing and apart; every edge runs from its spec's box to the other's, with an arrowhead.
    const boxOf = new Map(g.nodes.map((n) => [n.file, n.box]));
    for (const n of g.nodes) {
      expect(n.box.x).toBeGreaterThanOrEqual(0);
      expect(n.box.y).toBeGreaterThanOrEqual(0);
      expect(n.box.x + n.box.w).toBeLessThanOrEqual(g.view.w);
      expect(n.box.y + n.box.h).toBeLessThanOrEqual(g.view.h);
      for (const m of g.nodes) {
        if (m === n) continue;
        const apart = n.box.x + n.box.w <= m.box.x || m.box.x + m.box.w <= n.box.x || n.box.y + n.box.h <= m.box.y || m.box.y + m.box.h <= n.box.y;
        expect(apart, `${n.file} and ${m.file} overlap`).toBe(true);
      }
    }
    for (const e of g.edges) {
      expect(onBorder(e.start, boxOf.get(e.from)!), `${e.from} → ${e.to} starts on ${e.from}`).toBe(true);
      expect(onBorder(e.end, boxOf.get(e.to)!), `${e.from} → ${e.to} ends on ${e.to}`).toBe(true);
      expect(e.markerFound).toBe(true);
    }

    mkdirSync(join(repo, 'test-results'), {recursive: true});
    const shot = join(repo, 'test-results', 'html-service-graph.png');
    // Wide enough for the whole drawing (the page scrolls it sideways in a narrower window).
    await page.setViewportSize({width: Math.ceil(g.view.w) + 120, height: 900});
    await page.locator('#graph').screenshot({path: shot});
    expect(existsSync(shot)).toBe(true);
    console.log(`service graph screenshot: ${shot}`);
    expect(requests).toEqual([url]);
    await page.close();
  });

  it('renders `speclint graph fixtures/system` with mermaid\'s own browser bundle, offline, with no mermaid error', async (ctx) => {
    needChromium(ctx);
    const source = speclintGraph();
    const bundlePath = join(repo, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
    expect(existsSync(bundlePath), 'mermaid is a devDependency').toBe(true);
    const dir = tempDir('speclint-mermaid-');
    const pagePath = join(dir, 'graph.html');
    writeFileSync(pagePath, '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>speclint graph</title></head><body><div id="out"></div></body></html>\n');
    const page = await browser!.newPage({viewport: {width: 1600, height: 900}});
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(pagePath).href, {waitUntil: 'load'});
    await page.addScriptTag({path: bundlePath});
    const rendered = (await page.evaluate(
      `(async (src) => {
        mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
        const parsed = await mermaid.parse(src);
        const {svg} = await mermaid.render('speclint-graph', src);
        document.getElementById('out').innerHTML = svg;
        const root = document.querySelector('#out svg');
        return {
          parsed: !!parsed, svg: svg.slice(0, 4), text: root.textContent,
          nodes: root.querySelectorAll('g.node').length,
          edges: root.querySelectorAll('.edgePaths path, path.flowchart-link').length,
          errors: root.querySelectorAll('.error-icon, .error-text').length,
          red: [...root.querySelectorAll('path')].filter((p) => /#d00|rgb\\(221, 0, 0\\)/i.test(p.getAttribute('style') || '')).length,
          size: (() => { const b = root.getBoundingClientRect(); return {w: b.width, h: b.height}; })(),
        };
      })(${JSON.stringify(source)})`,
    )) as {parsed: boolean; svg: string; text: string; nodes: number; edges: number; errors: number; red: number; size: {w: number; h: number}};

    expect(rendered.parsed).toBe(true);
    expect(rendered.svg).toBe('<svg');
    expect(rendered.errors).toBe(0);
    expect(rendered.text).not.toMatch(/syntax error/i);
    const nodes = [...source.matchAll(/^ {2}n\d+\["(.*?)<br\/>/gm)].map((m) => m[1]!);
    const edges = source.split('\n').filter((l) => /^ {2}n\d+ -/.test(l)).length;
    expect(rendered.nodes).toBe(nodes.length);
    expect(rendered.edges).toBe(edges);
    for (const name of nodes) expect(rendered.text).toContain(name);
    expect(rendered.red).toBe(/^ {2}linkStyle ([\d,]+) /m.exec(source)![1]!.split(',').length);
    expect(rendered.size.w).toBeGreaterThan(200);
    // Nothing fetched from the network: the bundle was read from node_modules and injected.
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);

    mkdirSync(join(repo, 'test-results'), {recursive: true});
    const shot = join(repo, 'test-results', 'speclint-graph-mermaid.png');
    await page.locator('#out svg').screenshot({path: shot});
    expect(existsSync(shot)).toBe(true);
    console.log(`mermaid graph screenshot: ${shot}`);
    await page.close();
  });
});
