/**
 * The rule catalogue, in documentation order. Ids are stable: renaming one
 * is a breaking change (configs and `lint disable` comments name them).
 */
import {docsUrl, type Rule} from './rule.js';
import type {RuleSetting} from '../profiles/types.js';
import {isSystemRuleId} from '../system/ids.js';
import requiredSections from '../../rules/required-sections.js';
import recommendedSections from '../../rules/recommended-sections.js';
import sectionOrder from '../../rules/section-order.js';
import emptySection from '../../rules/empty-section.js';
import noPlaceholders from '../../rules/no-placeholders.js';
import requiredTable from '../../rules/required-table.js';
import tableFilled from '../../rules/table-filled.js';
import tableShape from '../../rules/table-shape.js';
import dependencyTable from '../../rules/dependency-table.js';
import requiredFields from '../../rules/required-fields.js';
import sloTargets from '../../rules/slo-targets.js';
import qualityGate from '../../rules/quality-gate.js';
import honestChecklist from '../../rules/honest-checklist.js';
import failureCoverage from '../../rules/failure-coverage.js';
import sloConsistency from '../../rules/slo-consistency.js';
import timeoutBudget from '../../rules/timeout-budget.js';
import errorClassification from '../../rules/error-classification.js';
import identifiers from '../../rules/identifiers.js';
import codeBlocks from '../../rules/code-blocks.js';
import requiredDiagram from '../../rules/required-diagram.js';
import diagramFirst from '../../rules/diagram-first.js';
import sectionContent from '../../rules/section-content.js';

export const RULES: ReadonlyArray<Rule<any>> = [
  requiredSections,
  recommendedSections,
  sectionOrder,
  emptySection,
  noPlaceholders,
  requiredTable,
  tableFilled,
  tableShape,
  dependencyTable,
  requiredFields,
  sloTargets,
  qualityGate,
  honestChecklist,
  failureCoverage,
  sloConsistency,
  timeoutBudget,
  errorClassification,
  identifiers,
  codeBlocks,
  requiredDiagram,
  diagramFirst,
  sectionContent,
];

/**
 * Findings the engine itself emits (not from a rule module) still carry a
 * stable id, a docs page and a default severity (config `rules` can change it).
 */
export const ENGINE_RULES: ReadonlyArray<{id: string; description: string; severity: 1 | 2}> = [
  {id: 'profile-match', severity: 1, description: 'A file named on the command line or mapped by config matches a profile (otherwise one warning, never a silent pass).'},
  {id: 'front-matter', severity: 2, description: 'YAML front matter parses, and a profile it names exists.'},
  {id: 'lint-comment', severity: 1, description: 'A `<!-- lint disable/enable/ignore -->` comment names rules that exist.'},
  {
    id: 'file-budget',
    severity: 2,
    description: 'A file is linted within the per-file budget: one that the pre-scan refuses, that takes longer than maxFileTime or that nests too deep is one error, never a hang or a crash.',
  },
];

export interface RuleInfo {
  id: string;
  description: string;
  /** Docs page URL. */
  url: string;
}

/** Every id a finding can carry, with its description and docs page: what reports describe. */
export function ruleCatalogue(): RuleInfo[] {
  return [
    ...RULES.map((r) => ({id: r.meta.id, description: r.meta.description, url: docsUrl(r.meta.id)})),
    ...ENGINE_RULES.map((r) => ({id: r.id, description: r.description, url: docsUrl(r.id)})),
  ];
}

const byId = new Map(RULES.map((r) => [r.meta.id, r]));

export function getRule(id: string): Rule<any> | undefined {
  return byId.get(id);
}

export function isKnownRuleId(id: string): boolean {
  return byId.has(id) || ENGINE_RULES.some((r) => r.id === id) || isSystemRuleId(id);
}

/**
 * The rules with a default severity (`meta.recommended`), in catalogue
 * order: what a profile that extends nothing starts from.
 */
export function recommendedRules(): Record<string, RuleSetting> {
  return Object.fromEntries(RULES.filter((r) => r.meta.recommended).map((r) => [r.meta.id, r.meta.recommended!]));
}
