/**
 * The header table of each rule doc (rules/<id>.md: Default, Fixable,
 * Options) from the rule's `meta` and the built-in profiles, so the docs
 * cannot drift from the code. test/rule-docs.test.ts checks every doc
 * against it; `npm run test:update` rewrites the generated part.
 *
 * - Default: generated, then the doc's own note (after "; " or ", which").
 * - Fixable: starts with "yes" or "no", as `meta.fixable` says; the doc says how.
 * - Options: every key of the options schema, in schema order, or "none".
 */
import {ENGINE_RULES, getRule} from '../src/engine/registry.js';
import {builtinProfiles} from '../src/profiles/built-in.js';
import {severityOf} from '../src/profiles/types.js';

/** The five base profiles, in the README table's order; the others are variants of one of them. */
export const BASE_PROFILES = ['service-design', 'backend-spec', 'tech-spec', 'architecture-design', 'backend-design'];

const LEVEL = ['off', '`warn`', '`error`'];

function list(names: string[]): string {
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The generated start of the Default cell: each severity and the built-in profiles that run the rule at it. */
export function defaultFacts(id: string): string {
  const engine = ENGINE_RULES.find((r) => r.id === id);
  if (engine) return `${LEVEL[engine.severity]} whatever the profile`;
  const profiles = builtinProfiles();
  const level = (name: string) => severityOf(profiles.get(name)!.rules[id] ?? 'off');
  const groups = new Map<number, string[]>();
  for (const base of BASE_PROFILES) {
    const variants = [...profiles.values()].filter((p) => p.extends === base);
    // A variant that differs from its base would need its own entry: none does today, and the check below says so.
    for (const v of variants) if (level(v.name) !== level(base)) throw new Error(`${id}: ${v.name} differs from ${base}; extend defaultFacts`);
    const label = `\`${base}\`${variants.length ? ' (and its variants)' : ''}`;
    groups.set(level(base), [...(groups.get(level(base)) ?? []), label]);
  }
  if (groups.size === 1) return `${LEVEL[[...groups.keys()][0]!]} in every built-in profile`;
  return [2, 1, 0]
    .filter((l) => groups.has(l))
    .map((l) => `${LEVEL[l]} in ${list(groups.get(l)!)}`)
    .join('; ');
}

/** Option keys of a rule, in schema order (none for the engine's findings). */
export function optionKeys(id: string): string[] {
  return Object.keys((getRule(id)?.meta.schema as {properties?: object} | undefined)?.properties ?? {});
}

export function isFixable(id: string): boolean {
  return getRule(id)?.meta.fixable === true;
}

/** The cells of a doc's header table, by row name. */
export function headerCells(doc: string): Map<string, string> {
  const cells = new Map<string, string>();
  for (const m of doc.matchAll(/^\| (Default|Fixable|Options) \| (.*) \|$/gm)) cells.set(m[1]!, m[2]!);
  return cells;
}

/** The generated part of a Default cell as docs write it (to replace it with the current one). */
const FACTS = /^(?:`(?:error|warn)` whatever the profile|(?:(?:`(?:error|warn)`|off) in (?:every built-in profile|(?:`[a-z-]+`(?: \(and its variants\))?(?:, (?=`)| and |,? (?=`))?)+)(?:; (?=`|off))?)+)/;

/** Problems of a doc's header table, one line each (empty: it agrees with the code). */
export function headerProblems(id: string, doc: string): string[] {
  const cells = headerCells(doc);
  const problems: string[] = [];
  for (const row of ['Default', 'Fixable', 'Options']) if (!cells.has(row)) problems.push(`no "| ${row} | ... |" row`);
  const defaults = cells.get('Default');
  if (defaults !== undefined) {
    const facts = defaultFacts(id);
    if (!defaults.startsWith(facts) || !/^(?:$|[;,.:])/.test(defaults.slice(facts.length))) problems.push(`Default must start with: ${facts}`);
  }
  const fixable = cells.get('Fixable');
  if (fixable !== undefined && !fixable.startsWith(isFixable(id) ? 'yes' : 'no')) problems.push(`Fixable must start with "${isFixable(id) ? 'yes' : 'no'}" (meta.fixable)`);
  const options = cells.get('Options');
  if (options !== undefined) {
    const keys = optionKeys(id);
    if (keys.length === 0 && !options.startsWith('none')) problems.push('Options must start with "none": the rule has no options');
    let from = 0;
    for (const key of keys) {
      const at = options.indexOf(`\`${key}\``, from);
      if (at < 0) problems.push(`Options must name \`${key}\` (after the keys before it in the schema)`);
      else from = at;
    }
  }
  return problems;
}

/** The doc with its Default cell's generated part replaced by the current one (`npm run test:update`). */
export function withCurrentDefault(id: string, doc: string): string {
  const cell = headerCells(doc).get('Default');
  if (cell === undefined) return doc;
  const rest = cell.replace(FACTS, '');
  return doc.replace(`| Default | ${cell} |`, `| Default | ${defaultFacts(id)}${rest} |`);
}
