// Deterministic corpus of realistic design specs for the benchmark, built
// from the fixtures: for each file, pick a profile (all five, evenly), a
// fixture of it (mostly conforming ones, some broken), then vary it: the
// subject name, numbers (nudged, so targets stay consistent), extra table
// rows, extra repeated subsections (failure scenarios, endpoints...) and
// extra prose, until it reaches a size drawn from 3-40 KB. Same seed, same
// corpus, byte for byte.
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

const PROFILE_FAMILIES = {
  'service-design': ['service-design'],
  'backend-spec': ['backend-spec'],
  'tech-spec': ['tech-spec', 'tech-spec.clean', 'tech-spec.ddd', 'tech-spec.document', 'tech-spec.event-sourcing',
    'tech-spec.microservices', 'tech-spec.monolith', 'tech-spec.soa', 'tech-spec.timeseries'],
  'architecture-design': ['architecture-design'],
  'backend-design': ['backend-design'],
};

const SUBJECTS = ['Ledger', 'Billing', 'Shipping', 'Catalog', 'Notification', 'Identity', 'Search', 'Pricing', 'Inventory',
  'Fulfilment', 'Loyalty', 'Onboarding', 'Settlement', 'Routing', 'Scheduling', 'Reporting', 'Audit', 'Messaging',
  'Subscription', 'Refund', 'Warehouse', 'Dispatch', 'Telemetry', 'Consent', 'Invoice', 'Quota', 'Tenant', 'Webhook'];
const THINGS = ['Redis', 'PostgreSQL', 'Kafka', 'S3', 'Elasticsearch', 'SQS', 'the token service', 'the CDN', 'DynamoDB',
  'the rate limiter', 'the config service', 'the primary region', 'the payment processor', 'ClickHouse', 'the mail relay'];
const TROUBLES = ['outage', 'failover', 'backlog', 'latency spike', 'throttling', 'partition loss', 'certificate expiry',
  'schema drift', 'replica lag', 'disk pressure', 'split brain', 'quota exhaustion', 'cold start storm'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1', 'sa-east-1'];
const STOP = new Set(['Service', 'Services', 'Design', 'Spec', 'Specification', 'Backend', 'Technical', 'Architecture',
  'Document', 'System', 'API', 'Platform', 'Design:', 'Spec:', 'The', 'A', 'An', 'And', 'For', 'Of', 'Technical']);

/** A Markdown file split into lines, with what each line is. */
function analyse(text) {
  const lines = text.split('\n');
  const kinds = new Array(lines.length);
  let fence = null;
  let front = lines[0] === '---';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (front) {
      kinds[i] = 'front';
      if (i > 0 && line === '---') front = false;
      continue;
    }
    const f = /^(```|~~~)/.exec(line);
    if (fence) {
      kinds[i] = 'code';
      if (f && line.startsWith(fence)) fence = null;
      continue;
    }
    if (f) {
      fence = f[1];
      kinds[i] = 'code';
    } else if (/^#{1,6} /.test(line)) kinds[i] = 'heading';
    else if (/^\s*\|/.test(line)) kinds[i] = /^\s*\|[\s:|-]+\|\s*$/.test(line) && line.includes('-') ? 'table-sep' : 'table';
    else if (/^\s*([-*+]|\d+[.)]) /.test(line)) kinds[i] = 'list';
    else if (line.trim() === '') kinds[i] = 'blank';
    else if (/^(<!--|>)/.test(line)) kinds[i] = 'other';
    else kinds[i] = 'prose';
  }
  return {lines, kinds};
}

/** Sections: heading line index, depth, end (exclusive). */
function sections(lines, kinds) {
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] !== 'heading') continue;
    const depth = /^#+/.exec(lines[i])[0].length;
    let end = i + 1;
    while (end < lines.length && !(kinds[end] === 'heading' && /^#+/.exec(lines[end])[0].length <= depth)) end++;
    out.push({start: i, depth, end});
  }
  return out;
}

/** Sentences of the document's prose, to grow it with text of its own kind. */
function sentences(lines, kinds) {
  const prose = [];
  let para = [];
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] === 'prose') para.push(lines[i]);
    else if (para.length) {
      prose.push(para.join(' '));
      para = [];
    }
  }
  const out = [];
  for (const p of prose) for (const s of p.split(/(?<=[.!?])\s+(?=[A-Z])/)) if (s.length > 40 && s.length < 300) out.push(s);
  return out;
}

function subjectOf(lines) {
  const h1 = lines.find((l) => /^# /.test(l)) ?? '';
  return h1
    .slice(2)
    .split(/[\s:—–-]+/)
    .filter((w) => /^[A-Z][a-z]{2,}$/.test(w) && !STOP.has(w));
}

function caseLike(model, word) {
  if (model === model.toUpperCase()) return word.toUpperCase();
  if (model[0] === model[0].toLowerCase()) return word.toLowerCase();
  return word;
}

/** Nudge a number by -20%..+25%, keeping its digits after the point. */
function nudge(rand, text) {
  const value = Number(text);
  if (!Number.isFinite(value) || value === 0 || (/^\d{4}$/.test(text) && value >= 1990 && value <= 2100)) return text; // years stay
  const decimals = text.includes('.') ? text.split('.')[1].length : 0;
  const out = (value * (0.8 + rand.next() * 0.45)).toFixed(decimals);
  return Number(out) === 0 ? text : out;
}

/** A number in running text: not part of a date, a version, an identifier or a path. */
const NUMBER = /(?<![\w.\-/:])(\d+(?:\.\d+)?)(?![\w.\-/:]*\d)/g;

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One spec from one fixture. */
export function vary(text, rand, targetBytes, maxBytes = Infinity) {
  const {lines, kinds} = analyse(text);
  const subject = rand.pick(SUBJECTS);
  const names = subjectOf(lines);
  const rename = names.length ? new RegExp(`\\b(${names.map(escapeRe).join('|')})\\b`, 'gi') : null;
  const out = lines.map((line, i) => {
    const kind = kinds[i];
    if (kind === 'code' || kind === 'front' || kind === 'table-sep') return line;
    let l = rename ? line.replace(rename, (m) => caseLike(m, subject)) : line;
    if (kind !== 'heading') {
      // Numbers in prose, lists and tables (not dates, versions or list markers).
      l = l.replace(NUMBER, (m, n, offset) => (kind === 'list' && offset < 4) || (l[offset + m.length] === '%' && Number(n) > 90) ? m : nudge(rand, n));
    }
    return l;
  });

  const fresh = analyse(out.join('\n'));
  const grown = [...fresh.lines];
  const growKinds = [...fresh.kinds];
  const pool = sentences(fresh.lines, fresh.kinds);
  let size = grown.join('\n').length;
  /** Insertions at line indexes, applied in one pass at the end (indexes stay valid). */
  const inserts = new Map();
  let full = false;
  const insert = (at, newLines) => {
    const added = newLines.join('\n').length + 1;
    // Never past the target by more than one small step, never past the cap.
    if (size + added > targetBytes + 512 || size + added > maxBytes) {
      full = true;
      return;
    }
    const list = inserts.get(at) ?? [];
    list.push(...newLines);
    inserts.set(at, list);
    size += added;
  };

  const secs = sections(fresh.lines, fresh.kinds);
  // Repeatable subsections: leaf sections (depth >= 3) next to a sibling of the same depth.
  const leaves = secs.filter((s) => s.depth >= 3 && !growKinds.slice(s.start + 1, s.end).includes('heading'));
  const repeatable = leaves.filter((s) => leaves.some((o) => o !== s && o.depth === s.depth && (o.end === s.start || s.end === o.start)));
  // Table data rows (below a header's separator line).
  const rows = [];
  for (let i = 0, inData = false; i < growKinds.length; i++) {
    if (growKinds[i] === 'table-sep') inData = true;
    else if (growKinds[i] === 'table') {
      if (inData) rows.push(i);
    } else inData = false;
  }
  const proseEnds = [];
  for (let i = 0; i < growKinds.length - 1; i++) if (growKinds[i] === 'prose' && growKinds[i + 1] === 'blank') proseEnds.push(i + 1);

  for (let guard = 0; size < targetBytes && !full && guard < 5000; guard++) {
    const op = rand.next();
    if (op < 0.4 && rows.length) {
      // Another row like an existing one, first cell renamed.
      const at = rand.pick(rows);
      const cells = grown[at].split('|');
      if (cells.length > 3 && cells[1].trim()) {
        cells[1] = ` ${rand.pick([rand.pick(THINGS), `${subject} ${rand.pick(['worker', 'API', 'store', 'cache', 'job', 'stream'])}`, rand.pick(REGIONS)])} `;
        insert(at + 1, [cells.join('|').replace(NUMBER, (m, n, offset, all) => (all[offset + m.length] === '%' && Number(n) > 90 ? m : nudge(rand, n)))]);
      }
    } else if (op < 0.7 && repeatable.length) {
      // Another subsection like an existing one (a failure scenario, an endpoint, a component).
      const s = rand.pick(repeatable);
      const hashes = '#'.repeat(s.depth);
      const body = grown.slice(s.start + 1, s.end).filter((_, k) => growKinds[s.start + 1 + k] !== 'heading');
      insert(s.end, [`${hashes} ${rand.pick(THINGS).replace(/^the /, '').replace(/^./, (c) => c.toUpperCase())} ${rand.pick(TROUBLES)} (${rand.pick(REGIONS)})`, ...body]);
    } else if (pool.length && proseEnds.length) {
      // A paragraph of the document's own sentences.
      const n = rand.int(2, 5);
      const para = [];
      for (let k = 0; k < n; k++) para.push(rand.pick(pool));
      insert(rand.pick(proseEnds), ['', ...wrap(para.join(' '))]);
    } else {
      break;
    }
  }
  const result = [];
  for (let i = 0; i <= grown.length; i++) {
    const add = inserts.get(i);
    if (add) result.push(...add);
    if (i < grown.length) result.push(grown[i]);
  }
  return {text: result.join('\n'), subject};
}

function wrap(text, width = 78) {
  const out = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/**
 * Write `count` specs under `dir`/<profile>/. Returns the file list with
 * profile, base fixture and size.
 */
export function generateCorpus({fixturesDir, dir, count, seed, brokenShare = 0.2, minBytes = 3 * 1024, maxBytes = 40 * 1024}) {
  const rand = prng(seed);
  const families = Object.entries(PROFILE_FAMILIES).map(([profile, dirs]) => {
    const ok = [];
    const broken = [];
    for (const d of dirs) {
      for (const f of readdirSync(join(fixturesDir, d)).filter((n) => n.endsWith('.md')).sort()) {
        const entry = {fixture: `${d}/${f}`, text: readFileSync(join(fixturesDir, d, f), 'utf8')};
        (f.startsWith('broken-') ? broken : ok).push(entry);
      }
    }
    return {profile, ok, broken};
  });
  const files = [];
  for (let i = 0; i < count; i++) {
    const family = families[i % families.length];
    const wantBroken = rand.next() < brokenShare && family.broken.length > 0;
    const base = rand.pick(wantBroken || family.ok.length === 0 ? family.broken : family.ok);
    // Log-uniform sizes: many small and mid-size specs, a few large ones.
    const target = Math.round(minBytes * Math.pow(maxBytes / minBytes, rand.next()));
    const {text, subject} = vary(base.text, rand, target, maxBytes);
    const name = `${subject.toLowerCase()}-${family.profile}-${String(i).padStart(4, '0')}.md`;
    const sub = join(dir, family.profile);
    mkdirSync(sub, {recursive: true});
    const path = join(sub, name);
    writeFileSync(path, text);
    files.push({path, profile: family.profile, fixture: base.fixture, broken: base.fixture.includes('/broken-'), bytes: Buffer.byteLength(text)});
  }
  return files;
}
