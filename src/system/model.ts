/**
 * Per-file facts for the checks across specs (issue 16): what one spec says
 * about its service that another spec can contradict. Built from the spec
 * model with the parsers the single-file rules use (the dependency table as
 * dependency-table and timeout-budget read it, latency rows from slo.ts),
 * so a fact here is what those rules already judge. Plain data: positions
 * are 1-based line and column, names are kept as written and compared
 * through `nameKey` (normalizeName: case and punctuation do not count).
 *
 * Over 300 lines: one reader per kind of fact (service, dependencies,
 * targets, events, headings and links), each reading the model the same way;
 * the facts' types sit with the code that fills them.
 */
import type {Profile} from '../profiles/types.js';
import type {SpecModel, SpecTable, TableCell} from '../engine/model.js';
import {findColumn, tableById} from '../engine/match.js';
import {latencyRows} from '../../rules/lib/slo.js';
import {durationsIn, normalizeName, parseDuration, withoutParenthetical} from '../lib/text.js';
import {isPlaceholder} from '../../rules/lib/placeholders.js';
import dependencyTable from '../../rules/dependency-table.js';
import {ASYNC} from '../../rules/timeout-budget.js';
import {GithubSlugger} from '../lib/vendor.js';
import type {SystemLintComment} from '../engine/lint-comments.js';

/**
 * Bumped when the shape of SpecFacts changes: the --cache key includes it
 * (the cache stores each spec's facts with its result), so a cache written
 * with facts of another shape is never read back.
 */
export const SPEC_FACTS_FORMAT = 3;

export interface Place {
  line: number;
  column: number;
}

export interface DependencyFact {
  /** As written in the first cell. */
  name: string;
  type: string;
  /** Marked critical: a critical level in the Criticality column, or "N/A (critical)" in the Fallback cell without one. */
  critical: boolean;
  /** On the request path: the Type (or, without a Type column, the row) names no queue, broker, stream or event. */
  sync: boolean;
  timeoutMs?: number;
  /** Where the timeout cell is (where a timeout finding points). */
  timeoutAt?: Place;
  fallback: string;
  /** The row (its first cell). */
  at: Place;
  /** Normalised text of the row's other cells, to find an operation the row names. */
  rowKey: string;
}

export interface LatencyTarget {
  operation: string;
  p99Ms: number;
  at: Place;
}

export interface EventFact {
  name: string;
  direction: 'published' | 'consumed';
  /** For a consumed event, who publishes it (a Source / Publisher column); for a published one, who consumes it (a Consumers column). */
  peers: string[];
  at: Place;
}

export interface HeadingFact {
  /** Its anchor as GitHub makes it (github-slugger: lower case, punctuation dropped, spaces as hyphens, -1, -2... for repeats). */
  slug: string;
  /** As written (plain text). */
  text: string;
  line: number;
}

export interface LinkFact {
  /** The link's URL as written. */
  href: string;
  /** Its path (percent-decoded), relative to the linking spec's folder. */
  path: string;
  /** Its fragment (percent-decoded), without the "#". */
  anchor: string;
  at: Place;
}

export interface SpecFacts {
  /** The file as reported. */
  file: string;
  /** The service's name as written, and where: front matter `service:`, else the title. */
  service?: {name: string; at: Place};
  /** Every name the spec answers to (nameKey'd): the service name, its aliases, the title without document words. */
  keys: string[];
  dependencies: DependencyFact[];
  latency: LatencyTarget[];
  /** The one availability target the spec states outside its dependency section (two different ones: none, it is ambiguous). */
  availability?: {percent: number; text: string; at: Place};
  events: EventFact[];
  /** Where the spec's published / consumed event tables start, when it has them (what an event check compares against). */
  eventTables: {published?: Place; consumed?: Place};
  /** Every heading, in document order (also those in lists and block quotes), with its GitHub anchor. */
  headings: HeadingFact[];
  /** Other anchors a link can name: the ids and names of HTML elements (`<a id="x">`, `<a name="x">`). */
  anchors: string[];
  /** Links (and link definitions) to a heading of another file: a relative path with a fragment. */
  links: LinkFact[];
  /** The spec's lint comments that can hide a system rule's finding on it (absent: none, or `--no-inline-config`). */
  lintComments?: SystemLintComment[];
}

/** The key two names are compared by: case, punctuation and a parenthetical ("Risk Service (v2)") do not count. */
export function nameKey(name: string): string {
  return normalizeName(withoutParenthetical(name.replace(/`/g, '')));
}

const start = (cell: {position: {start: {line: number; column: number}}}): Place => ({line: cell.position.start.line, column: cell.position.start.column});

// Words a title adds around the service's name: "Backend Spec: Payments Service", "Chat Service: Backend Architecture Design",
// "Payments Service Design" (the service keeps its "Service").
const DOC_KIND = String.raw`(?:design(?:\s+doc(?:ument)?)?|spec(?:ification)?|rfc)`;
const DOC_PREFIX = new RegExp(String.raw`^\s*(?:backend|service|technical|tech|architecture|system|platform|api)?\s*${DOC_KIND}\s*[:–—-]\s*`, 'i');
const DOC_SUFFIX = new RegExp(String.raw`\s*(?:[:–—-]\s*)?(?:backend\s+)?(?:technical|tech|architecture|system|api)?\s*${DOC_KIND}\s*$`, 'i');

/** The names a title gives the service: "Payments Service Design" → "Payments Service" (and "Payments"). */
function titleNames(title: string): string[] {
  let core = title.replace(DOC_PREFIX, '').replace(DOC_SUFFIX, '').trim();
  if (!core) core = title;
  const out = [core];
  const bare = core.replace(/\s+service$/i, '').trim();
  if (bare && bare !== core) out.push(bare);
  return out;
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The dependency table: the profile's `dependencies` table, else a table headed Dependency / Service with a Timeout column. */
function dependencyTableOf(model: SpecModel, profile: Profile | undefined): SpecTable | undefined {
  const declared = profile ? tableById(model, profile, 'dependencies')?.table : undefined;
  if (declared) return declared;
  return model.tables.find(
    (t) => /^(?:dependency|dependencies|downstream(?: service)?|service|upstream)$/.test(normalizeName(t.header[0]?.text ?? '')) && findColumn(t, 'Timeout') >= 0,
  );
}

const CRITICAL = new Set(dependencyTable.meta.defaultOptions.criticalValues.map(normalizeName));

function dependencies(table: SpecTable | undefined, profile: Profile | undefined): DependencyFact[] {
  if (!table) return [];
  const options = dependencyTable.meta.defaultOptions;
  const col = (names: string[]) => findColumn(table, {name: names[0] ?? '', aliases: names.slice(1)});
  const timeoutAt = col(options.timeoutColumn);
  const criticalityAt = col(options.criticalityColumn);
  const fallbackAt = col(options.fallbackColumn);
  const typeAt = findColumn(table, {name: 'Type', aliases: ['Kind', 'Mode']});
  const headerUnit = timeoutAt >= 0 ? /\(([a-zµμ]+)\)\s*$/i.exec(table.header[timeoutAt]!.text)?.[1] : undefined;
  const real = (cell: TableCell | undefined) => (cell && cell.text.trim() && !(profile && isPlaceholder(cell.text, profile)) ? cell : undefined);
  const out: DependencyFact[] = [];
  for (const row of table.rows) {
    const first = real(row[0]);
    if (!first) continue;
    const type = real(row[typeAt])?.text ?? '';
    const fallback = real(row[fallbackAt])?.text ?? '';
    const level = real(row[criticalityAt]);
    const isCritical = level
      ? CRITICAL.has(normalizeName(withoutParenthetical(level.text)))
      : criticalityAt < 0 && /\bcritical\b/i.test(fallback) && !/non-?critical/i.test(fallback);
    const timeout = real(row[timeoutAt]);
    let timeoutMs = timeout ? durationsIn(timeout.text)[0] : undefined;
    if (timeout && timeoutMs === undefined && headerUnit && /^\s*\d+(?:\.\d+)?\s*$/.test(timeout.text)) timeoutMs = parseDuration(`${timeout.text.trim()}${headerUnit}`);
    out.push({
      name: first.text,
      type,
      critical: isCritical,
      sync: !ASYNC.test(typeAt >= 0 ? type : row.map((c) => c.text).join(' ')),
      ...(timeoutMs !== undefined && timeout ? {timeoutMs, timeoutAt: start(timeout)} : {}),
      fallback,
      at: start(first),
      rowKey: normalizeName(row.slice(1).map((c) => c.text).join(' ')),
    });
  }
  return out;
}

// "99.95% availability", "availability of 99.9%", "uptime: 99.99 %".
const AVAILABILITY = /(\d{2,3}(?:\.\d+)?)\s*%\s*(?:availability|uptime)(?!\s+zones?)|\b(?:availability|uptime)(?!\s+zones?)\b[^\n|\d]{0,30}?(\d{2,3}(?:\.\d+)?)\s*%/gi;

// A cheap first test: most text runs name neither.
const MENTIONS_AVAILABILITY = /availab|uptime/i;

function availabilityOf(model: SpecModel, depTable: SpecTable | undefined): SpecFacts['availability'] {
  const fm = model.frontMatter.data?.['availability'];
  if (typeof fm === 'number' || typeof fm === 'string') {
    const percent = Number(String(fm).replace(/%\s*$/, ''));
    if (percent > 0 && percent <= 100) return {percent, text: `${percent}%`, at: frontMatterKeyAt(model, 'availability')};
  }
  const found: NonNullable<SpecFacts['availability']>[] = [];
  for (const run of model.texts) {
    if (run.kind !== 'text') continue;
    // What a dependency promises is not this service's target.
    if (depTable && model.contains(depTable.section, run.section)) continue;
    if (!MENTIONS_AVAILABILITY.test(run.value)) continue;
    AVAILABILITY.lastIndex = 0;
    for (let m = AVAILABILITY.exec(run.value); m; m = AVAILABILITY.exec(run.value)) {
      const percent = Number(m[1] ?? m[2]);
      if (!(percent >= 90 && percent <= 100)) continue;
      const at = model.pointIn(run.value, run.position.start, m.index);
      found.push({percent, text: m[0], at: {line: at.line, column: at.column}});
    }
  }
  const values = new Set(found.map((f) => f.percent));
  return values.size === 1 ? found[0] : undefined;
}

const PUBLISHED = /\b(?:publish|produce|emit|outgoing|outbound)/i;
const CONSUMED = /\b(?:consum|subscri|incoming|inbound|listen)/i;

function events(model: SpecModel): {events: EventFact[]; tables: SpecFacts['eventTables']} {
  const out: EventFact[] = [];
  const tables: SpecFacts['eventTables'] = {};
  for (const table of model.tables) {
    if (!/\b(?:event|topic|message)s?\b/i.test(table.header[0]?.text ?? '')) continue;
    // The direction is the section's: "Events Published", "Consumed Events", "Subscriptions".
    let direction: EventFact['direction'] | undefined;
    for (let s: typeof table.section | undefined = table.section; s && !direction; s = s.parent) {
      const published = PUBLISHED.test(s.title);
      const consumed = CONSUMED.test(s.title);
      if (published !== consumed) direction = published ? 'published' : 'consumed';
    }
    const sourceAt = findColumn(table, {name: 'Source', aliases: ['Publisher', 'Producer', 'From', 'Published By', 'Source Service']});
    const consumersAt = findColumn(table, {name: 'Consumers', aliases: ['Consumer', 'Subscribers', 'Consumed By', 'Consuming Services']});
    // Else a table of events with their consumers is what the spec publishes ("Domain Events": Event, Triggered By, Consumers), and one with their source what it consumes.
    if (!direction && (sourceAt >= 0) !== (consumersAt >= 0)) direction = consumersAt >= 0 ? 'published' : 'consumed';
    if (!direction) continue;
    const peerAt = direction === 'consumed' ? sourceAt : consumersAt;
    tables[direction] ??= start(table);
    for (const row of table.rows) {
      const first = row[0];
      if (!first || !first.text.trim()) continue;
      const peers = peerAt >= 0 ? (row[peerAt]?.text ?? '').split(/\s*(?:,|;|\/|\band\b)\s*/).map((p) => p.trim()).filter(Boolean) : [];
      out.push({name: first.text.replace(/`/g, '').trim(), direction, peers, at: start(first)});
    }
  }
  return {events: out, tables};
}

/** Where front matter key `key` is written (its line), else the front matter's first line. */
function frontMatterKeyAt(model: SpecModel, key: string): Place {
  const node = model.tree.children.find((n) => n.type === 'yaml') as {value?: string; position?: {start: {line: number}}} | undefined;
  const first = (node?.position?.start.line ?? 1) + 1;
  const lines = (node?.value ?? '').split(/\r?\n/);
  const index = lines.findIndex((l) => new RegExp(`^${key}\\s*:`).test(l));
  return {line: index >= 0 ? first + index : first - 1, column: 1};
}

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** A URL with a scheme (`https:`, `mailto:`) or a host (`//cdn...`), or a path from the repository's root: not a file beside this one. */
const NOT_RELATIVE = /^(?:[a-z][a-z0-9+.-]*:|\/)/i;
// An HTML anchor: <a id="x">, <a name="x">, <span id='x'>.
const HTML_ANCHOR = /\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

/** Headings with their GitHub anchors, HTML anchors, and links to another file's heading: from what the model collected in its one walk of the tree. */
function linkFacts(model: SpecModel): Pick<SpecFacts, 'headings' | 'anchors' | 'links'> {
  const slugger = new GithubSlugger();
  const headings: HeadingFact[] = model.headings.map((h) => ({slug: slugger.slug(h.text), text: h.text, line: h.position.start.line}));
  const anchors = new Set<string>();
  for (const run of model.texts) {
    if (run.kind !== 'html') continue;
    HTML_ANCHOR.lastIndex = 0;
    for (let m = HTML_ANCHOR.exec(run.value); m; m = HTML_ANCHOR.exec(run.value)) anchors.add(m[1] ?? m[2] ?? '');
  }
  anchors.delete('');
  const links: LinkFact[] = [];
  for (const {url: href, position} of model.links) {
    const hash = href.indexOf('#');
    // A same-file "#anchor" has no path; one with a query ("?plain=1#L10") is not a rendered heading.
    if (hash <= 0 || NOT_RELATIVE.test(href) || href.slice(0, hash).includes('?')) continue;
    const anchor = decode(href.slice(hash + 1));
    if (anchor) links.push({href, path: decode(href.slice(0, hash)), anchor, at: {line: position.start.line, column: position.start.column}});
  }
  return {headings, anchors: [...anchors], links};
}

/**
 * The facts of one spec. `profile`: the profile it was linted with (its
 * declared dependency table), when it has one.
 */
export function specFacts(file: string, model: SpecModel, profile: Profile | undefined): SpecFacts {
  const data = model.frontMatter.data;
  const declared = typeof data?.['service'] === 'string' ? (data['service'] as string) : undefined;
  const title = model.title?.title;
  const service = declared
    ? {name: declared, at: frontMatterKeyAt(model, 'service')}
    : title && model.title
      ? {name: titleNames(title)[0]!, at: start(model.title)}
      : undefined;
  const names = [...(declared ? [declared] : []), ...(title ? titleNames(title) : []), ...stringList(data?.['aliases'])];
  const depTable = dependencyTableOf(model, profile);
  const latency: LatencyTarget[] = [];
  for (const row of latencyRows(model)) {
    const p99 = row.percentiles.find((p) => p.rank === 99 && p.ms !== undefined);
    if (p99 && row.operation.trim()) latency.push({operation: row.operation, p99Ms: p99.ms!, at: start(p99.cell)});
  }
  const ev = events(model);
  return {
    file,
    ...(service ? {service} : {}),
    keys: [...new Set(names.map(nameKey).filter(Boolean))],
    dependencies: dependencies(depTable, profile),
    latency,
    ...(() => {
      const availability = availabilityOf(model, depTable);
      return availability ? {availability} : {};
    })(),
    events: ev.events,
    eventTables: ev.tables,
    ...linkFacts(model),
  };
}
