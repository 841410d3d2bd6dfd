import type {FileResult, LintMessage} from '../engine/lint.js';
import type {ReportContext} from './types.js';
import {htmlEscape} from './escape.js';
import {serviceGraphSection, SERVICE_GRAPH_STYLE} from './service-graph.js';


/**
 * One self-contained HTML page: inline CSS and SVG, no script, nothing loaded from
 * the network (a Content-Security-Policy says so too; links to rule docs are
 * plain links). It shows the totals, a scorecard matrix of specs by rules,
 * the profile of each spec, and each spec's findings with `line:col` links.
 *
 * Stable hooks for tools and tests:
 * - `#totals` has `data-files`, `data-errors`, `data-warnings`, `data-clean`,
 *   `data-skipped`, `data-ignored`, `data-unreadable`;
 * - each matrix cell has `data-file` (path), `data-rule` (id) and
 *   `data-status`: `fail` (an error of that rule), `warn` (only warnings),
 *   `pass` (the rule ran and found nothing) or `not-run`;
 * - spec N (1-based, in report order) is `#file-N`, and its first finding on
 *   line L is `#file-N-L{L}`;
 * - when the checks across specs ran, `#graph` holds the service graph as
 *   inline SVG (hooks in service-graph.ts) and its mermaid source.
 */

export type CellStatus = 'pass' | 'warn' | 'fail' | 'not-run';

const ruleOf = (m: LintMessage): string => m.ruleId ?? 'speclint';

/** Rules that ran on a file, plus any other id with a finding there (engine findings). */
function rulesOf(result: FileResult): string[] {
  const ids = [...result.rulesRun];
  for (const m of result.messages) if (!ids.includes(ruleOf(m))) ids.push(ruleOf(m));
  return ids;
}

export function cellStatus(result: FileResult, rule: string): CellStatus {
  if (!rulesOf(result).includes(rule)) return 'not-run';
  const found = result.messages.filter((m) => ruleOf(m) === rule);
  if (found.some((m) => m.severity === 2)) return 'fail';
  return found.length ? 'warn' : 'pass';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Only http(s) links are rendered as links. */
function safeUrl(url: string | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/** A path with its directory dimmed, so the file names stand out in the matrix. */
function splitPath(path: string): string {
  const cut = path.lastIndexOf('/') + 1;
  return cut ? `<span class="dir">${htmlEscape(path.slice(0, cut))}</span>${htmlEscape(path.slice(cut))}` : htmlEscape(path);
}

const SYMBOL: Record<CellStatus, string> = {pass: '✓', warn: '!', fail: '✖', 'not-run': '·'};
const LABEL: Record<CellStatus, string> = {pass: 'pass', warn: 'warnings', fail: 'errors', 'not-run': 'not run'};

const STYLE = `
:root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;--pass:#1a7f37;--pass-bg:#dafbe1;--warn:#9a6700;--warn-bg:#fff8c5;--fail:#cf222e;--fail-bg:#ffebe9;--none-bg:#f6f8fa;--link:#0969da;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--head:#151b23;--pass:#3fb950;--pass-bg:#12261e;--warn:#d29922;--warn-bg:#272115;--fail:#f85149;--fail-bg:#301517;--none-bg:#151b23;--link:#4493f8}}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px 48px;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.meta,.legend,.profile{color:var(--muted);margin:4px 0}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.totals{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{min-width:120px;padding:10px 16px;border:1px solid var(--line);border-radius:8px;background:var(--head)}
.card .n{display:block;font-size:26px;font-weight:600;line-height:1.2}
.card.fail .n{color:var(--fail)}.card.warn .n{color:var(--warn)}.card.pass .n{color:var(--pass)}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse}
.matrix{font-size:13px}
.matrix th,.matrix td{border-bottom:1px solid var(--line);padding:3px 8px;white-space:nowrap}
.matrix thead th{background:var(--head);vertical-align:bottom;text-align:left}
.matrix th.rule{padding:6px 0;width:27px;text-align:center}
.matrix th.rule a{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block;max-height:170px;font-weight:500;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.matrix tbody th{text-align:left;font-weight:normal}
.matrix td.num{text-align:right;font-variant-numeric:tabular-nums}
.matrix tbody tr:hover{background:var(--head)}
.matrix td.cell{padding:3px 0}
.cell{text-align:center;font-weight:600;width:27px;border-left:1px solid var(--bg)}
.dir{color:var(--muted)}
.cell a{color:inherit;display:block}
.cell.pass{background:var(--pass-bg);color:var(--pass)}
.cell.warn{background:var(--warn-bg);color:var(--warn)}
.cell.fail{background:var(--fail-bg);color:var(--fail)}
.cell.not-run{background:var(--none-bg);color:var(--muted);font-weight:normal}
.zero{color:var(--muted)}
.legend span{display:inline-block;margin-right:14px}
.legend .cell{display:inline-block;width:22px;border-radius:3px;margin-right:4px}
.spec{border:1px solid var(--line);border-radius:8px;margin:16px 0;overflow:hidden}
.spec>header{background:var(--head);padding:10px 14px;border-bottom:1px solid var(--line)}
.spec .counts{float:right;margin-left:12px}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:600}
.badge.error{background:var(--fail-bg);color:var(--fail)}.badge.warning{background:var(--warn-bg);color:var(--warn)}
.findings{width:100%;table-layout:fixed}
.findings td{padding:6px 14px;border-top:1px solid var(--line);vertical-align:top}
.findings tr:first-child td{border-top:0}
.findings td.where{white-space:nowrap;width:84px}
.findings td.sev{width:92px}
.findings td.rule{width:190px;text-align:right;overflow-wrap:anywhere}
.findings tr:target td{background:var(--warn-bg)}
.hint{color:var(--muted);margin-top:2px}
.clean{columns:2 420px;padding-left:20px}
.clean li{margin:2px 0}
footer{margin-top:40px;color:var(--muted);font-size:12px}
`;

export default function html(results: FileResult[], context: ReportContext): string {
  const catalogue = new Map(context.rules.map((r) => [r.id, r]));
  const {summary} = context;
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const clean = results.filter((r) => r.messages.length === 0).length;

  // Columns: every rule that ran on some file, in catalogue order, then ids
  // that are not in the catalogue, in order of appearance.
  const ran = new Set(results.flatMap(rulesOf));
  const columns = [...context.rules.map((r) => r.id).filter((id) => ran.has(id)), ...[...ran].filter((id) => !catalogue.has(id))];
  const urlOf = (id: string, m?: LintMessage) => safeUrl(m?.url ?? catalogue.get(id)?.url);
  const anchor = (i: number, line: number) => `file-${i + 1}-L${line}`;

  // Its style goes in only with the graph: a report without one is the same as before it existed.
  const graph = serviceGraphSection(results, context);
  const out: string[] = [];
  const title = errors + warnings === 0 ? 'no problems' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  out.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="speclint ${htmlEscape(context.version)}">`,
    `<title>speclint report: ${htmlEscape(title)}</title>`,
    '<link rel="icon" href="data:,">',
    `<style>${STYLE}${graph ? SERVICE_GRAPH_STYLE : ''}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>speclint report</h1>',
    `<p class="meta">speclint ${htmlEscape(context.version)} · ${plural(results.length, 'spec')} linted against ${plural(columns.length, 'rule')}</p>`,
    '</header>',
  );

  // Totals.
  const attr = (name: string, value: string | number) => ` ${name}="${htmlEscape(String(value))}"`;
  out.push(
    `<section class="totals" id="totals"${attr('data-files', summary.filesLinted)}${attr('data-errors', errors)}${attr('data-warnings', warnings)}${attr('data-clean', clean)}${attr('data-skipped', summary.skipped)}${attr('data-ignored', summary.ignored)}${attr('data-unreadable', summary.unreadable ?? 0)}>`,
    `<div class="card"><span class="n">${summary.filesLinted}</span>${summary.filesLinted === 1 ? 'spec' : 'specs'} linted</div>`,
    `<div class="card pass"><span class="n">${clean}</span>with no findings</div>`,
    `<div class="card${errors ? ' fail' : ''}"><span class="n">${errors}</span>${errors === 1 ? 'error' : 'errors'}</div>`,
    `<div class="card${warnings ? ' warn' : ''}"><span class="n">${warnings}</span>${warnings === 1 ? 'warning' : 'warnings'}</div>`,
  );
  if (summary.skipped) out.push(`<div class="card"><span class="n">${summary.skipped}</span>skipped as not specs</div>`);
  if (summary.ignored) out.push(`<div class="card"><span class="n">${summary.ignored}</span>ignored by config</div>`);
  if (summary.unreadable) out.push(`<div class="card fail"><span class="n">${summary.unreadable}</span>could not be read (see stderr)</div>`);
  out.push('</section>');

  // Scorecard matrix.
  out.push(
    '<section id="matrix">',
    '<h2>Scorecard</h2>',
    `<p class="legend"><span><span class="cell pass">${SYMBOL.pass}</span>pass</span><span><span class="cell warn">${SYMBOL.warn}</span>warnings only</span><span><span class="cell fail">${SYMBOL.fail}</span>errors</span><span><span class="cell not-run">${SYMBOL['not-run']}</span>not run (not in the spec's profile)</span></p>`,
    '<div class="scroll"><table class="matrix">',
    '<thead><tr><th scope="col">Spec</th><th scope="col">Profile</th><th scope="col" class="num">Errors</th><th scope="col" class="num">Warnings</th>',
  );
  for (const id of columns) {
    const info = catalogue.get(id);
    const url = urlOf(id);
    // Rule ids without a docs page (e.g. remark's `known`) are still set vertically, in an <a> with no href.
    out.push(`<th scope="col" class="rule"${attr('data-rule', id)}${info ? attr('title', `${id}: ${info.description}`) : ''}><a${url ? attr('href', url) : ''}>${htmlEscape(id)}</a></th>`);
  }
  out.push('</tr></thead>', '<tbody>');
  results.forEach((r, i) => {
    const row: string[] = [
      `<tr${attr('data-file', r.filePath)}>`,
      `<th scope="row"><a class="mono"${attr('href', `#file-${i + 1}`)}>${splitPath(r.filePath)}</a></th>`,
      `<td>${r.profile ? htmlEscape(r.profile.name) : '<span class="zero">none</span>'}</td>`,
      `<td class="num${r.errorCount ? '' : ' zero'}">${r.errorCount}</td>`,
      `<td class="num${r.warningCount ? '' : ' zero'}">${r.warningCount}</td>`,
    ];
    for (const id of columns) {
      const status = cellStatus(r, id);
      const found = r.messages.filter((m) => ruleOf(m) === id);
      const detail =
        status === 'fail' || status === 'warn'
          ? `${plural(found.filter((m) => m.severity === 2).length, 'error')}, ${plural(found.filter((m) => m.severity !== 2).length, 'warning')}`
          : LABEL[status];
      const text = status === 'fail' || status === 'warn' ? `${SYMBOL[status]}${found.length > 1 ? found.length : ''}` : SYMBOL[status];
      const content = found.length ? `<a${attr('href', `#${anchor(i, found[0]!.line)}`)}>${text}</a>` : text;
      row.push(
        `<td class="cell ${status}"${attr('data-file', r.filePath)}${attr('data-rule', id)}${attr('data-status', status)}${attr('title', `${id} on ${r.filePath}: ${detail}`)}>${content}</td>`,
      );
    }
    row.push('</tr>');
    out.push(row.join(''));
  });
  out.push('</tbody></table></div>', '</section>');

  // The service graph, when the checks across specs ran (see service-graph.ts).
  if (graph) out.push(graph);

  // Findings per spec.
  out.push('<section id="findings">', '<h2>Findings</h2>');
  if (results.every((r) => r.messages.length === 0)) out.push('<p class="meta">No findings.</p>');
  results.forEach((r, i) => {
    if (r.messages.length === 0) return;
    out.push(
      `<article class="spec" id="file-${i + 1}"${attr('data-file', r.filePath)}${attr('data-errors', r.errorCount)}${attr('data-warnings', r.warningCount)}>`,
      '<header>',
      `<span class="counts">${r.errorCount ? `<span class="badge error">${plural(r.errorCount, 'error')}</span> ` : ''}${r.warningCount ? `<span class="badge warning">${plural(r.warningCount, 'warning')}</span>` : ''}</span>`,
      `<h3><a${attr('href', `#file-${i + 1}`)}>${htmlEscape(r.filePath)}</a></h3>`,
      r.profile
        ? `<p class="profile">Profile <b>${htmlEscape(r.profile.name)}</b> (${htmlEscape(r.profile.source)}): ${htmlEscape(r.profile.reason)}</p>`
        : '<p class="profile">No profile</p>',
      '</header>',
      '<table class="findings"><tbody>',
    );
    const seenLines = new Set<number>();
    for (const m of r.messages) {
      const id = ruleOf(m);
      const target = anchor(i, m.line);
      const first = !seenLines.has(m.line);
      seenLines.add(m.line);
      const severity = m.severity === 2 ? 'error' : 'warning';
      const url = urlOf(id, m);
      out.push(
        `<tr${first ? attr('id', target) : ''} class="${severity}"${attr('data-line', m.line)}${attr('data-column', m.column)}${attr('data-rule', id)}>` +
          `<td class="where mono"><a${attr('href', `#${target}`)}>${m.line}:${m.column}</a></td>` +
          `<td class="sev"><span class="badge ${severity}">${severity}</span></td>` +
          `<td>${htmlEscape(m.message)}${m.hint ? `<div class="hint">Hint: ${htmlEscape(m.hint)}</div>` : ''}</td>` +
          `<td class="rule mono">${url ? `<a${attr('href', url)}>${htmlEscape(id)}</a>` : htmlEscape(id)}</td>` +
          '</tr>',
      );
    }
    out.push('</tbody></table>', '</article>');
  });
  const cleanSpecs = results.map((r, i) => ({r, i})).filter(({r}) => r.messages.length === 0);
  if (cleanSpecs.length) {
    out.push(`<h2>Specs with no findings</h2>`, '<ul class="clean">');
    for (const {r, i} of cleanSpecs) {
      out.push(
        `<li id="file-${i + 1}"${attr('data-file', r.filePath)}><span class="mono">${htmlEscape(r.filePath)}</span> <span class="zero">· ${r.profile ? htmlEscape(r.profile.name) : 'no profile'} · ${plural(rulesOf(r).length, 'rule')} passed</span></li>`,
      );
    }
    out.push('</ul>');
  }
  out.push('</section>', `<footer>Generated by speclint ${htmlEscape(context.version)}. Rule names link to their documentation.</footer>`, '</body>', '</html>', '');
  return out.join('\n');
}
