/**
 * The checks across specs (issue 16): pure functions from the facts of every
 * linted spec (model.ts) to findings. Each finding is on the spec that must
 * change (the caller's dependency row, its availability target, the
 * consumer's event row) and names the other spec's file and line.
 *
 * A dependency resolves to another spec when its name (case, punctuation
 * and a parenthetical aside) is one of exactly one other spec's names; an
 * unresolved or ambiguous name is external (a database, a vendor, or two
 * specs claiming one name) and never a finding. A link resolves to another
 * spec by its relative path; a file outside the run is never a finding.
 */
import {dirname, join, normalize} from 'node:path';
import {formatMs} from '../../rules/lib/slo.js';
import {closestName, compareIds, excerpt, quote} from '../lib/text.js';
import {systemMessage} from './messages.js';
import {nameKey, type DependencyFact, type Place, type SpecFacts} from './model.js';

import type {SystemRuleId} from './ids.js';

export interface SystemFinding {
  ruleId: SystemRuleId;
  /** The spec that must change, as reported. */
  file: string;
  line: number;
  column: number;
  message: string;
  hint: string;
}

const where = (facts: SpecFacts, at: Place) => `${facts.file}:${at.line}`;
const label = (facts: SpecFacts) => facts.service?.name ?? facts.file;

/** Name → the one spec answering to it (names two specs claim resolve to none). */
export function resolver(all: SpecFacts[]): (name: string, from: SpecFacts) => SpecFacts | undefined {
  const byKey = new Map<string, SpecFacts | null>();
  for (const facts of all) {
    for (const key of facts.keys) {
      const seen = byKey.get(key);
      byKey.set(key, seen === undefined || seen === facts ? facts : null);
    }
  }
  return (name, from) => {
    const key = nameKey(name);
    const candidates = [key, key.replace(/ (?:api|grpc|rest api|http api)$/, '')];
    for (const k of candidates) {
      const hit = byKey.get(k);
      if (hit) return hit === from ? undefined : hit;
    }
    return undefined;
  };
}

/** 1. A caller's timeout for B below B's P99 (the P99 of the operation the row names, else B's smallest P99). */
export function timeoutBelowP99(all: SpecFacts[]): SystemFinding[] {
  const resolve = resolver(all);
  const out: SystemFinding[] = [];
  for (const caller of all) {
    for (const dep of caller.dependencies) {
      // An asynchronous dependency's timeout is the broker's, not a wait on the callee's latency.
      if (dep.timeoutMs === undefined || !dep.timeoutAt || !dep.sync) continue;
      const callee = resolve(dep.name, caller);
      if (!callee || callee.latency.length === 0) continue;
      // An operation of B the row names ("Score payment" in its Purpose): that operation's P99.
      const named = callee.latency.filter((t) => {
        const key = nameKey(t.operation);
        return key.length >= 3 && ` ${dep.rowKey} `.includes(` ${key} `);
      });
      const target = named.length === 1 ? named[0]! : callee.latency.reduce((a, b) => (b.p99Ms < a.p99Ms ? b : a));
      if (dep.timeoutMs >= target.p99Ms) continue;
      out.push({
        ruleId: 'system-timeout-vs-p99',
        file: caller.file,
        ...dep.timeoutAt,
        message: systemMessage('system-timeout-vs-p99', named.length === 1 || callee.latency.length === 1 ? 'belowP99' : 'belowEveryP99', {
          timeout: formatMs(dep.timeoutMs),
          dependency: excerpt(dep.name),
          operation: excerpt(target.operation),
          p99: formatMs(target.p99Ms),
          at: where(callee, target.at),
          callee: label(callee),
        }),
        hint: `Raise the timeout above ${formatMs(target.p99Ms)}, or agree a lower P99 with ${label(callee)} and change its spec`,
      });
    }
  }
  return out;
}

const percent = (fraction: number) => `${Number((fraction * 100).toFixed(4))}%`;

/** 2. A caller's availability target above the product of its critical synchronous dependencies' targets. */
export function availabilityAboveDependencies(all: SpecFacts[]): SystemFinding[] {
  const resolve = resolver(all);
  const out: SystemFinding[] = [];
  for (const caller of all) {
    if (!caller.availability) continue;
    const promised: Array<{dep: DependencyFact; callee: SpecFacts; percent: number}> = [];
    const seen = new Set<SpecFacts>();
    for (const dep of caller.dependencies) {
      if (!dep.critical || !dep.sync) continue;
      const callee = resolve(dep.name, caller);
      if (!callee?.availability || seen.has(callee)) continue;
      seen.add(callee);
      promised.push({dep, callee, percent: callee.availability.percent});
    }
    if (promised.length === 0) continue;
    const product = promised.reduce((p, d) => p * (d.percent / 100), 1);
    const target = caller.availability.percent / 100;
    if (target <= product + 1e-12) continue;
    const terms = promised.map((d) => `${d.percent}% (${label(d.callee)}, ${where(d.callee, d.callee.availability!.at)})`);
    const arithmetic = promised.length === 1 ? `${terms[0]}` : `${terms.join(' × ')} = ${percent(product)}`;
    out.push({
      ruleId: 'system-availability',
      file: caller.file,
      ...caller.availability.at,
      message: systemMessage('system-availability', 'aboveDependencies', {target: caller.availability.percent, arithmetic}),
      hint: `Lower the target to at most ${percent(product)}, or make a dependency non-critical (a fallback) or asynchronous`,
    });
  }
  return out;
}

/** 3. A cycle of critical synchronous dependencies, reported once, on the row of the first spec (by file) in it. */
export function syncCycles(all: SpecFacts[]): SystemFinding[] {
  const resolve = resolver(all);
  const edges = new Map<SpecFacts, Array<{to: SpecFacts; dep: DependencyFact}>>();
  for (const caller of all) {
    const list: Array<{to: SpecFacts; dep: DependencyFact}> = [];
    for (const dep of caller.dependencies) {
      if (!dep.critical || !dep.sync) continue;
      const to = resolve(dep.name, caller);
      if (to && !list.some((e) => e.to === to)) list.push({to, dep});
    }
    edges.set(caller, list);
  }
  const out: SystemFinding[] = [];
  const inCycle = new Set<SpecFacts>();
  const order = [...all].sort((a, b) => compareIds(a.file, b.file));
  for (const startAt of order) {
    if (inCycle.has(startAt)) continue;
    // Shortest path back to startAt (breadth first), over specs in no cycle reported yet.
    const back = new Map<SpecFacts, {from: SpecFacts; dep: DependencyFact}>();
    const queue: SpecFacts[] = [startAt];
    let closing: {from: SpecFacts; dep: DependencyFact} | undefined;
    for (let i = 0; i < queue.length && !closing; i++) {
      const node = queue[i]!;
      for (const edge of edges.get(node) ?? []) {
        if (edge.to === startAt) {
          closing = {from: node, dep: edge.dep};
          break;
        }
        if (back.has(edge.to) || inCycle.has(edge.to)) continue;
        back.set(edge.to, {from: node, dep: edge.dep});
        queue.push(edge.to);
      }
    }
    if (!closing) continue;
    const hops: Array<{from: SpecFacts; dep: DependencyFact}> = [closing];
    for (let node = closing.from; node !== startAt; ) {
      const step = back.get(node)!;
      hops.unshift(step);
      node = step.from;
    }
    for (const hop of hops) inCycle.add(hop.from);
    const path = [...hops.map((h) => `${label(h.from)} (${where(h.from, h.dep.at)})`), label(startAt)].join(' → ');
    const first = hops[0]!;
    out.push({
      ruleId: 'system-sync-cycle',
      file: startAt.file,
      ...first.dep.at,
      message: systemMessage('system-sync-cycle', 'cycle', {path}),
      hint: 'Break the cycle: make one call asynchronous (an event), give it a fallback and mark it non-critical, or move the shared part into its own service',
    });
  }
  return out;
}

/**
 * 4. An event consumed from a spec that does not publish it (the consumed row names its source, and
 * the source's spec has a published-events table), and (system-event-unconsumed) one published for a
 * consumer whose spec has a consumed-events table without it.
 */
export function eventMismatches(all: SpecFacts[]): SystemFinding[] {
  const resolve = resolver(all);
  const out: SystemFinding[] = [];
  const has = (facts: SpecFacts, direction: 'published' | 'consumed', event: string) =>
    facts.events.some((e) => e.direction === direction && nameKey(e.name) === nameKey(event));
  for (const spec of all) {
    for (const event of spec.events) {
      for (const peer of event.peers) {
        const other = resolve(peer, spec);
        if (!other) continue;
        if (event.direction === 'consumed') {
          const table = other.eventTables.published;
          if (!table || has(other, 'published', event.name)) continue;
          out.push({
            ruleId: 'system-event-unpublished',
            file: spec.file,
            ...event.at,
            message: systemMessage('system-event-unpublished', 'unpublished', {event: excerpt(event.name), source: label(other), at: where(other, table)}),
            hint: `Correct the event name or its source, or add the event to ${label(other)}'s published events`,
          });
        } else {
          const table = other.eventTables.consumed;
          if (!table || has(other, 'consumed', event.name)) continue;
          out.push({
            ruleId: 'system-event-unconsumed',
            file: spec.file,
            ...event.at,
            message: systemMessage('system-event-unconsumed', 'unconsumed', {event: excerpt(event.name), consumer: label(other), at: where(other, table)}),
            hint: `Remove ${label(other)} from the consumers, or add the event to its consumed events`,
          });
        }
      }
    }
  }
  return out;
}

// GitHub's line anchors (#L10, #L10-L20) point into the file's source view, not at a heading.
const LINE_ANCHOR = /^L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?$/;

/**
 * 5. A link from one spec to a heading of another linted spec (`other.md#failure-modes`, a relative path)
 * whose anchor is none of that spec's heading anchors (GitHub's slugs) nor an HTML anchor in it. A link to
 * a file that is not among the linted specs, and a same-file `#anchor`, are not judged.
 */
export function headingLinks(all: SpecFacts[]): SystemFinding[] {
  const byPath = new Map(all.map((facts) => [normalize(facts.file), facts]));
  const out: SystemFinding[] = [];
  for (const spec of all) {
    for (const link of spec.links) {
      if (LINE_ANCHOR.test(link.anchor)) continue;
      const target = byPath.get(join(dirname(spec.file), link.path));
      if (!target) continue;
      // Browsers match ids exactly, but GitHub's anchors are lower case and its pages also find a fragment written in another case.
      const wanted = link.anchor.toLowerCase();
      if (target.headings.some((h) => h.slug === wanted) || target.anchors.some((a) => a.toLowerCase() === wanted)) continue;
      const close = closestName(wanted, target.headings.map((h) => h.slug));
      const heading = close !== undefined ? target.headings.find((h) => h.slug === close) : undefined;
      out.push({
        ruleId: 'system-heading-link',
        file: spec.file,
        ...link.at,
        message: heading
          ? systemMessage('system-heading-link', 'noHeadingClosest', {href: quote(link.href), target: target.file, heading: quote(heading.text), slug: heading.slug, line: heading.line})
          : systemMessage('system-heading-link', 'noHeading', {href: quote(link.href), target: target.file}),
        hint: heading
          ? `Change the anchor to #${heading.slug}, or give ${target.file} the heading the link expects`
          : `Link to one of ${target.file}'s headings (GitHub's anchor: the heading in lower case, punctuation dropped, spaces as hyphens), or to the file without an anchor`,
      });
    }
  }
  return out;
}

/** Every check over the facts of every spec, in file order then position. */
export function systemFindings(all: SpecFacts[]): SystemFinding[] {
  return [...timeoutBelowP99(all), ...availabilityAboveDependencies(all), ...syncCycles(all), ...eventMismatches(all), ...headingLinks(all)].sort(
    (a, b) => compareIds(a.file, b.file) || a.line - b.line || a.column - b.column || compareIds(a.ruleId, b.ruleId),
  );
}
