/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), the
 * format GitHub code scanning and other static-analysis dashboards read:
 * one run, the rule catalogue in `tool.driver.rules`, one result per finding
 * with its location relative to `%SRCROOT%` (the directory speclint ran in)
 * and a fingerprint that survives the finding moving to another line.
 */
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {isAbsolute, join, relative, resolve, sep} from 'node:path';
import {packageRoot} from '../lib/paths.js';
import {pathToFileURL} from 'node:url';
import type {FileResult, LintMessage} from '../engine/lint.js';
import {builtinProfiles} from '../profiles/built-in.js';
import {severityOf, type RuleSetting} from '../profiles/types.js';
import {ENGINE_RULES} from '../engine/registry.js';
import type {ReportContext, RuleInfo} from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/speclint/speclint';
/** Key of speclint's own entry in `partialFingerprints` (versioned, as SARIF asks). */
export const FINGERPRINT_KEY = 'speclintFindingHash/v1';

type Level = 'error' | 'warning' | 'note' | 'none';

const LEVELS = ['none', 'warning', 'error'] as const;

function levelOf(setting: RuleSetting | undefined): Level {
  return LEVELS[severityOf(setting)];
}

/**
 * Each rule's default level: the most severe level any built-in base profile
 * gives it (a rule that is an error in one profile and a warning in another
 * is described as an error; each result still carries its own level), with
 * a sentence listing the level per profile for the full description.
 */
function ruleDefaults(rules: RuleInfo[]): Map<string, {level: Level; byProfile: string}> {
  const profiles = [...builtinProfiles().values()].filter((p) => !p.extends);
  const out = new Map<string, {level: Level; byProfile: string}>();
  for (const rule of rules) {
    const engineRule = ENGINE_RULES.find((r) => r.id === rule.id);
    if (engineRule) {
      const engine = LEVELS[engineRule.severity];
      out.set(rule.id, {level: engine, byProfile: `Reported by the engine itself, as ${engine === 'warning' ? 'a warning' : 'an error'} by default, in every profile.`});
      continue;
    }
    const groups = new Map<Level, string[]>();
    for (const p of profiles) {
      const level = levelOf(p.rules[rule.id]);
      groups.set(level, [...(groups.get(level) ?? []), p.name]);
    }
    const level: Level = groups.has('error') ? 'error' : groups.has('warning') ? 'warning' : 'none';
    const parts = (['error', 'warning', 'none'] as const)
      .filter((l) => groups.has(l))
      .map((l) => `${l === 'none' ? 'off' : l} in ${groups.get(l)!.join(', ')}`);
    out.set(rule.id, {level, byProfile: `Default: ${parts.join('; ')}.`});
  }
  return out;
}

/** SARIF's "friendly name" of a rule: its id in PascalCase (`required-sections` → `RequiredSections`). */
function friendlyName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** A sentence: the text with a final period unless it already ends a sentence. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function firstSentence(text: string): string {
  const match = /^.*?[.!?](?=\s|$)/.exec(text.trim());
  return match ? match[0] : sentence(text);
}

/** The finding's message with its fix hint, as SARIF's plain-text message. */
export function messageText(m: LintMessage): string {
  return m.hint ? `${sentence(m.message)} Hint: ${sentence(m.hint)}` : sentence(m.message);
}

/**
 * Where a file is, as a SARIF artifactLocation: relative to `%SRCROOT%` (the
 * working directory) when it is below it, else an absolute file: URI.
 */
export function artifactLocation(filePath: string, cwd: string): {uri: string; uriBaseId?: string} {
  const abs = resolve(cwd, filePath);
  const rel = relative(cwd, abs);
  if (rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) {
    return {uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%'};
  }
  return {uri: pathToFileURL(abs).href};
}

/**
 * A hash of what the finding is, not where: file, rule, the message with
 * line references taken out, and its rank among identical findings in the
 * file. Adding lines above a finding leaves its fingerprint unchanged, so
 * code scanning keeps tracking it as the same alert.
 */
function fingerprint(uri: string, m: LintMessage, occurrence: number): string {
  const what = m.message.replace(/\blines? \d+(?:\s*[-–]\s*\d+)?/g, 'line');
  return createHash('sha256').update([uri, m.ruleId ?? '', what, String(occurrence)].join('\0')).digest('hex').slice(0, 32);
}

function region(m: LintMessage) {
  const out: Record<string, number> = {startLine: Math.max(1, m.line), startColumn: Math.max(1, m.column)};
  if (m.endLine !== undefined && m.endLine >= out['startLine']!) {
    out['endLine'] = m.endLine;
    if (m.endColumn !== undefined && (m.endLine > out['startLine']! || m.endColumn >= out['startColumn']!)) {
      out['endColumn'] = m.endColumn;
    }
  }
  return out;
}

/** A rule's docs page as of this release (the version's tag), so a report keeps pointing at the docs it was made with. */
export function releaseDocsUrl(id: string, version: string): string {
  return `${INFORMATION_URI}/blob/v${version}/rules/${id}.md`;
}

/** Markdown as plain text: code fences, emphasis, heading marks and link targets taken out. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^```.*$/gm, '')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const helpCache = new Map<string, {help: {text: string; markdown: string}} | Record<string, never>>();

/** SARIF `help` from the rule's docs page (rules/<id>.md), when the package has it. */
function helpOf(id: string): {help: {text: string; markdown: string}} | Record<string, never> {
  let hit = helpCache.get(id);
  if (!hit) {
    try {
      const markdown = readFileSync(join(packageRoot(), 'rules', `${id}.md`), 'utf8').trim();
      hit = {help: {text: plainText(markdown), markdown}};
    } catch {
      hit = {};
    }
    helpCache.set(id, hit);
  }
  return hit;
}

export function toSarif(results: FileResult[], context: Pick<ReportContext, 'cwd' | 'rules' | 'version'>) {
  const defaults = ruleDefaults(context.rules);
  const rules: Array<Record<string, unknown>> = context.rules.map((r) => ({
    id: r.id,
    name: friendlyName(r.id),
    shortDescription: {text: firstSentence(r.description)},
    fullDescription: {text: `${sentence(r.description)} ${defaults.get(r.id)!.byProfile}`},
    helpUri: releaseDocsUrl(r.id, context.version),
    ...helpOf(r.id),
    defaultConfiguration: {level: defaults.get(r.id)!.level},
  }));
  const index = new Map(context.rules.map((r, i) => [r.id, i]));
  const ruleIndex = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      // A finding under an id that is no speclint rule still gets a descriptor,
      // so every result points at one.
      const text = `Findings reported under the id "${id}".`;
      i = rules.push({id, name: friendlyName(id), shortDescription: {text}, fullDescription: {text}, defaultConfiguration: {level: 'warning'}}) - 1;
      index.set(id, i);
    }
    return i;
  };

  const sarifResults: Array<Record<string, unknown>> = [];
  for (const file of results) {
    const location = artifactLocation(file.filePath, context.cwd);
    const seen = new Map<string, number>();
    for (const m of file.messages) {
      const ruleId = m.ruleId ?? 'speclint';
      const key = `${ruleId}\0${m.message}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      sarifResults.push({
        ruleId,
        ruleIndex: ruleIndex(ruleId),
        level: m.severity === 2 ? 'error' : 'warning',
        message: {text: messageText(m)},
        locations: [{physicalLocation: {artifactLocation: location, region: region(m)}}],
        partialFingerprints: {[FINGERPRINT_KEY]: fingerprint(location.uri, m, occurrence)},
      });
    }
  }

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'speclint',
            version: context.version,
            semanticVersion: context.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        originalUriBaseIds: {'%SRCROOT%': {uri: pathToFileURL(context.cwd.endsWith(sep) ? context.cwd : context.cwd + sep).href}},
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
}

export default function sarif(results: FileResult[], context: ReportContext): string {
  return JSON.stringify(toSarif(results, context), null, 2) + '\n';
}
