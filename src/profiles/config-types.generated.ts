/**
 * Types of profile files and config files, generated from their JSON
 * Schemas (src/profiles/schema.ts) by scripts/build-config-types.ts: do not
 * edit; change the schema and run `npm run build:config-types`.
 *
 * Over 300 lines: generated, one type per node of the schemas, each with
 * the schema's description as its doc comment.
 */

/**
 * required (an error when missing), recommended (a warning) or optional; default required.
 */
export type Presence = 'required' | 'recommended' | 'optional';
export type Column = string | ColumnSpec;
/**
 * A mermaid diagram of this kind the section must hold (graph and flowchart are one kind).
 */
export type DiagramKind = 'flowchart' | 'sequenceDiagram' | 'stateDiagram' | 'erDiagram' | 'classDiagram';
/**
 * A severity ("off", "warn", "error", 0, 1, 2), or [severity, options].
 */
export type RuleSetting = RuleSeverity | [RuleSeverity] | [RuleSeverity, Record<string, unknown>];
export type RuleSeverity = 'off' | 'warn' | 'error' | 0 | 1 | 2;

export interface SpeclintSchemas {
  profile?: ProfileDefinition;
  config?: ConfigFile;
}
export interface ProfileDefinition {
  name: string;
  title?: string;
  description?: string;
  /**
   * Which template the profile encodes (for docs).
   */
  template?: string;
  /**
   * Base profile whose sections and rules this one starts from.
   */
  extends?: string;
  /**
   * Sections of the base profile to drop (by name, at any depth).
   */
  removeSections?: string[];
  /**
   * Sections of the base profile to rename: old name to new name, at any depth.
   */
  renameSections?: {
    [k: string]: string;
  };
  /**
   * In config: globs of the files that use this profile.
   */
  files?: string[];
  detect?: DetectSpec;
  /**
   * Placeholders the profile's template leaves for authors, reported by no-placeholders besides the generic ones (TODO, TBD, ${input:...}, <fill in>, [Multi-Word Title]); an extending profile adds to its base's.
   */
  placeholders?: PlaceholderSpec[];
  sections: SectionSpec[];
  rules?: {
    [k: string]: RuleSetting;
  };
}
export interface DetectSpec {
  /**
   * Regular expression on the document title (first heading) that strongly suggests this profile.
   */
  title?: string;
  /**
   * Minimum share of top-level sections found for automatic detection (default 0.5).
   */
  threshold?: number;
  /**
   * What sets this profile apart: detection claims a file only when one is present; a variant is chosen over its base only on its own.
   */
  evidence?: EvidenceSpec[];
}
/**
 * One piece of structure that sets the profile apart (one kind per entry).
 */
export interface EvidenceSpec {
  /**
   * A declared table (by id) with at least half of its columns.
   */
  table?: string;
  /**
   * A section (by name) with at least half of its **Field:** labels (its own or each subsection's).
   */
  fields?: string;
  /**
   * A section (by name) with at least half of its checklist items.
   */
  checklist?: string;
  /**
   * At least this many of the profile's required top-level sections, at the top level.
   */
  sections?: number;
  /**
   * At least this many of the profile's top-level sections with numbered headings.
   */
  numberedSections?: number;
  /**
   * A heading matching this regular expression (case-insensitive).
   */
  heading?: string;
  /**
   * Text matching this regular expression (case-insensitive) in the section named by "in", or anywhere.
   */
  text?: string;
  /**
   * With "text": the section (by name) to look in.
   */
  in?: string;
}
/**
 * Either text (the exact placeholder, e.g. "[Date]") or pattern (a JavaScript regular expression).
 */
export interface PlaceholderSpec {
  /**
   * The placeholder exactly as the template writes it (case-sensitive).
   */
  text?: string;
  /**
   * A JavaScript regular expression matching the placeholder (case-sensitive unless flags has "i").
   */
  pattern?: string;
  flags?: string;
  /**
   * How messages name its kind (default "placeholder").
   */
  label?: string;
  /**
   * Only the whole text of a table cell or a heading counts (| [Timeout] |).
   */
  whole?: boolean;
}
export interface SectionSpec {
  name: string;
  aliases?: string[];
  /**
   * Regular expression tested against the heading text as written (case-insensitive).
   */
  pattern?: string;
  presence?: Presence;
  /**
   * Short description used in docs, speclint init guidance and fix hints.
   */
  description?: string;
  /**
   * A line speclint init opens the section with, as an author would write it.
   */
  example?: string;
  /**
   * In an extending profile: place this new section after the named sibling.
   */
  after?: string;
  sections?: SectionSpec[];
  tables?: TableSpec[];
  fields?: Column[];
  each?: EachSpec;
  checklist?: ChecklistSpec;
  diagram?: DiagramKind;
  /**
   * Fewest words of prose for the section not to count as empty.
   */
  minWords?: number;
  repeat?: RepeatSpec;
  content?: ContentSpec;
  /**
   * This entry is a choice, not a heading: the document follows one of these section sets (template era A or B); the best-matching set is checked.
   */
  oneOf?: AlternativeSpec[];
}
export interface TableSpec {
  /**
   * Stable id other rules refer to (dependencies, latency-targets).
   */
  id: string;
  /**
   * How messages name the table ("dependency table").
   */
  label?: string;
  columns: Column[];
  /**
   * Whether a missing table is an error (default true).
   */
  required?: boolean;
  /**
   * Fewest body rows (default 1).
   */
  minRows?: number;
}
export interface ColumnSpec {
  name: string;
  aliases?: string[];
  /**
   * Whether every row must have a value in this column (default true).
   */
  filled?: boolean;
  /**
   * A realistic value; speclint init writes it as placeholder guidance.
   */
  example?: string;
  /**
   * For a **Field:** label: optional labels are written by speclint init as guidance, and no rule asks for them.
   */
  presence?: 'required' | 'optional';
}
/**
 * Requirements every subsection must meet (each failure scenario, each endpoint).
 */
export interface EachSpec {
  /**
   * How messages name one subsection ("failure scenario").
   */
  label?: string;
  /**
   * Fewest subsections (default 1).
   */
  min?: number;
  /**
   * **Field:** labels each subsection must carry, non-empty.
   */
  fields?: Column[];
  /**
   * Alternatively, subsections may be rows of a table in the section whose columns are these fields.
   */
  allowTable?: boolean;
  /**
   * A realistic subsection title; speclint init writes it as placeholder guidance.
   */
  example?: string;
}
export interface ChecklistSpec {
  label?: string;
  items: (string | ChecklistItemSpec)[];
}
export interface ChecklistItemSpec {
  text: string;
  implies?: ChecklistClaim;
}
/**
 * What a checked item claims, so a checked box the document contradicts is caught: section (it exists and has content), complete (it exists and every subsection carries its required fields), table (that declared table has at least minRows filled rows).
 */
export interface ChecklistClaim {
  section?: string;
  complete?: string;
  table?: string;
  minRows?: number;
}
/**
 * The section may occur several times (use a pattern such as "^Story \d+"); each heading matching it is one instance.
 */
export interface RepeatSpec {
  /**
   * Fewest instances the template asks for (default 1 when required, 0 otherwise).
   */
  min?: number;
  /**
   * Most instances allowed (default: no limit).
   */
  max?: number;
}
/**
 * Content kinds the section must hold (checked by the section-content rule).
 */
export interface ContentSpec {
  /**
   * At least one table (or at least this many).
   */
  table?: boolean | number;
  /**
   * At least one bulleted or numbered list.
   */
  list?: boolean;
  /**
   * At least one fenced code block; a string names the language it must be in (sql, json).
   */
  code?: boolean | string;
}
export interface AlternativeSpec {
  /**
   * How messages and docs name this set ("2024 template").
   */
  label?: string;
  sections: SectionSpec[];
}
export interface ConfigFile {
  $schema?: string;
  extends?: string | string[];
  /**
   * Globs linted when no file is named on the command line.
   */
  files?: string[];
  /**
   * Globs never linted.
   */
  ignores?: string[];
  /**
   * Profile for every file that names none (skips detection).
   */
  profile?: string;
  /**
   * Profiles by name and files by glob. A key whose value is a profile name is a glob: matching files use that profile. A key whose value is a profile definition (an object) or a profile file (a path ending in .yaml, .yml or .json) defines a profile of that name.
   */
  profiles?: {
    [k: string]: string | Record<string, unknown>;
  };
  rules?: {
    [k: string]: RuleSetting;
  };
  /**
   * These rules and no others: every rule (and engine finding) not listed is off; a listed rule the profile leaves off runs as an error unless "rules" sets it.
   */
  onlyRules?: string[];
  /**
   * Files larger than this many bytes are reported and not parsed.
   */
  maxFileSize?: number;
  /**
   * Per-file time budget in milliseconds (default 10000): a file that takes longer to lint, or that holds a shape the pre-scan knows to be too slow to parse, is one file-budget error and the run goes on.
   */
  maxFileTime?: number;
}
