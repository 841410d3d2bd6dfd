/**
 * Template placeholders: what no-placeholders reports, and what the
 * value-checking rules skip (a "TODO" timeout is one finding, a placeholder,
 * not two).
 *
 * A placeholder is what a template leaves for the author to fill in: the
 * generic markers below, which apply to every profile, and the profile's own
 * `placeholders` (its template's `[Date]`, `[Author]` ...). Bracketed text
 * is a placeholder only in a template's shape: a capitalised title of
 * several words (`[Service Name]`, `[Rule description]`), or one capitalised
 * word standing alone in a table cell or a heading (`| [Timeout] |`). Not
 * code (`map[String]int`, `PaginatedList[Resource]`: a bracket right after a
 * name), test tags (`[LinuxOnly]`, `[Serial]` in prose, `[Feature:Foo]`),
 * size names (`XXX-Large`), links, or a reference to a heading or link
 * definition of the document (`see [Log volume analysis] below`).
 */
import type {PlaceholderSpec, Profile} from '../../src/profiles/types.js';
import {normalizeName} from '../../src/lib/text.js';
import {compilePattern, literalPattern, trustPatterns, type Pattern} from '../../src/lib/regex.js';

/**
 * Generic placeholders, from what the templates leave for authors to fill:
 * `${input:serviceName:...}`, `$ARGUMENTS`, `[Service Name]`, `<fill in>`,
 * and the usual markers of unfinished text.
 */
export const DEFAULT_PLACEHOLDERS: Array<PlaceholderSpec & {pattern: string; label: string}> = [
  {pattern: String.raw`\$\{input:[^}]*\}`, label: 'template input'},
  {pattern: String.raw`\$ARGUMENTS\b`, label: 'template argument'},
  // A title of several words in brackets, starting with a capital and holding a lower-case
  // letter: [Service Name], [Rule description]. Not after a name or a closing bracket
  // (map[String]int, [text][ref]), not before ( or [ (a link), not a tag ([Feature:Foo Bar]).
  {
    pattern: String.raw`(?<![\p{L}\p{N}_\]\\])\[(?!\p{L}[\p{L}\p{N}_-]*:)(?=[^\]\n]*\p{Ll})(?=[^\]\n]*[ \t])\p{Lu}[^\[\]\n]{0,80}\](?![(\[])`,
    flags: 'u',
    label: 'bracketed placeholder',
  },
  // One capitalised word alone in a cell or heading: | [Timeout] |, #### [Entity]. In prose a
  // bracketed word is more often a tag ([Serial], [Slow]); CamelCase ones ([LinuxOnly]) are tags.
  {pattern: String.raw`^\[\p{Lu}\p{Ll}+\]$`, flags: 'u', label: 'bracketed placeholder', whole: true},
  {pattern: String.raw`<\s*(?:fill[ -]?in|insert|your|add|describe|placeholder|tbd|todo)\b[^<>\n]{0,60}>`, label: 'angle-bracket placeholder'},
  // XXX, but not the size XXX-Large.
  {pattern: String.raw`\b(?:TODO|TBD|TBC|FIXME)\b|\bXXX\b(?![-‐]\p{L})`, flags: 'u', label: 'unfinished marker'},
  {pattern: String.raw`\blorem ipsum\b`, label: 'filler text', flags: 'i'},
];
// Shipped with speclint, reviewed: they run with JavaScript's engine, lookbehind and all.
trustPatterns(DEFAULT_PLACEHOLDERS);

export interface CompiledPlaceholder {
  re: Pattern;
  label: string;
  /** Only the whole text of a table cell or a heading. */
  whole: boolean;
  /** From `text`: the template's own placeholder, never read as a reference to a heading. */
  exact: boolean;
}

/**
 * The one place a placeholder spec becomes a regular expression (config
 * checks call it too, so what loads is what runs). Throws an Error saying
 * what is wrong.
 */
export function compilePlaceholder(spec: PlaceholderSpec): CompiledPlaceholder {
  if ((spec.text === undefined) === (spec.pattern === undefined)) throw new Error('needs exactly one of "text" and "pattern"');
  // A configured pattern runs with RE2, so none can hang a run; speclint's own, and literal text, run natively (see regex.ts).
  const re = spec.text !== undefined ? literalPattern(spec.text, spec.flags ?? '') : compilePattern(spec.pattern!, spec.flags ?? '');
  return {re, label: spec.label ?? 'placeholder', whole: spec.whole ?? false, exact: spec.text !== undefined};
}

export function compilePlaceholders(specs: PlaceholderSpec[]): CompiledPlaceholder[] {
  return specs.map(compilePlaceholder);
}

/** The placeholders a profile's documents are searched for: its own, then `generic` (default: the generic ones). */
export function placeholderSpecs(profile: Profile | undefined, generic: PlaceholderSpec[] = DEFAULT_PLACEHOLDERS): PlaceholderSpec[] {
  return [...(profile?.placeholders ?? []), ...generic];
}

export interface PlaceholderContext {
  /** The text is the whole of a table cell or a heading. */
  whole: boolean;
  /** Reference keys (see `referenceKey`) of the document's headings and link definitions. */
  references?: Set<string>;
}

export interface PlaceholderHit {
  index: number;
  text: string;
  label: string;
}

/** How a bracketed name is compared with headings and link labels: normalised, a trailing plural s dropped. */
export function referenceKey(name: string): string {
  return normalizeName(name).replace(/s$/, '');
}

/**
 * The placeholders in `text`, in order. Where several specs match the same
 * text, the first one (the profile's own before the generic ones) names it,
 * once.
 */
export function findPlaceholders(text: string, placeholders: CompiledPlaceholder[], context: PlaceholderContext): PlaceholderHit[] {
  const hits: PlaceholderHit[] = [];
  for (const {re, label, whole, exact} of placeholders) {
    if (whole && !context.whole) continue;
    for (const m of re.matchAll(text)) {
      if (m[0].length === 0) continue;
      // `whole`: only a match that is the whole text of the cell or heading.
      if (whole && (m.index !== 0 || m[0].length !== text.length)) continue;
      const start = m.index!;
      const end = start + m[0].length;
      if (hits.some((h) => start < h.index + h.text.length && h.index < end)) continue;
      // map[String]int, PaginatedList[Resource], list[what]: a bracket right after a name is code.
      if (m[0].startsWith('[') && start > 0 && NAME_CHAR.test(text[start - 1]!)) continue;
      // `see [Log volume analysis] below`: a name of the document, not a slot to fill.
      if (!exact && context.references && /^\[[^\]]*\]$/.test(m[0]) && context.references.has(referenceKey(m[0].slice(1, -1)))) continue;
      hits.push({index: start, text: m[0], label});
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

const NAME_CHAR = /[\p{L}\p{N}_]/u;

const compiledFor = new WeakMap<Profile, CompiledPlaceholder[]>();
let compiledGeneric: CompiledPlaceholder[] | undefined;

/**
 * True when a cell or value contains a placeholder of the profile (or a
 * generic one): `TODO`, `[Timeout]`, `${input:x}`. The text is taken as a
 * whole cell.
 */
export function isPlaceholder(text: string, profile?: Profile): boolean {
  let compiled: CompiledPlaceholder[] | undefined;
  if (profile) {
    compiled = compiledFor.get(profile);
    if (!compiled) {
      compiled = compilePlaceholders(placeholderSpecs(profile));
      compiledFor.set(profile, compiled);
    }
  } else {
    compiled = compiledGeneric ??= compilePlaceholders(DEFAULT_PLACEHOLDERS);
  }
  return findPlaceholders(text.trim(), compiled, {whole: true}).length > 0;
}
