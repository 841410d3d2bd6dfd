/**
 * Template placeholders: what no-placeholders reports, and what the
 * value-checking rules skip (a "TODO" timeout is one finding, a placeholder,
 * not two).
 */
/**
 * Default placeholder patterns, from what the templates leave for authors to
 * fill: `[Service Name]`, `${input:serviceName:...}`, `$ARGUMENTS`, `<fill in>`,
 * and the usual markers of unfinished text.
 */
export const DEFAULT_PLACEHOLDERS: Array<{pattern: string; label: string; flags?: string}> = [
  {pattern: String.raw`\$\{input:[^}]*\}`, label: 'template input'},
  {pattern: String.raw`\$ARGUMENTS\b`, label: 'template argument'},
  // Bracketed title-like text that is not a link or a task box: [Service Name], [Rule description].
  // It needs a lowercase letter, so enum lists ([PENDING, SENT]) and acronyms ([RFC 7231]) pass.
  {pattern: String.raw`\[(?!\s*[xX ]?\s*\])(?=[^\]\n]*[a-z])[A-Z][^\[\]\n]{0,80}\]`, label: 'bracketed placeholder'},
  {pattern: String.raw`<\s*(?:fill[ -]?in|insert|your|add|describe|placeholder|tbd|todo)\b[^<>\n]{0,60}>`, label: 'angle-bracket placeholder'},
  {pattern: String.raw`\b(?:TODO|TBD|TBC|FIXME|XXX)\b`, label: 'unfinished marker'},
  {pattern: String.raw`\blorem ipsum\b`, label: 'filler text', flags: 'i'},
];

const compiled = DEFAULT_PLACEHOLDERS.map((p) => new RegExp(p.pattern, p.flags ?? ''));

/** True when a cell or value contains a default placeholder (`TODO`, `[Timeout]`, `${input:x}`). */
export function isPlaceholder(text: string): boolean {
  return compiled.some((re) => re.test(text));
}
