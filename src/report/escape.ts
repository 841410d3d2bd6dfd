/**
 * Escaping for every output speclint writes, in one place: HTML (the HTML
 * report, its SVG graph and the Action's job summary), Markdown table
 * cells, XML (JUnit) and GitHub workflow commands. Each function makes any
 * text safe where it goes: a finding's message is document text, written by
 * whoever wrote the spec.
 */

/** Text for HTML (and inline SVG) content and attribute values; control characters become U+FFFD. */
export function htmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Text for a table cell (or a heading): Markdown syntax is backslash-escaped
 * so a quoted `*`, `_` or `[Service Name]` shows as written, `<` and `&` are
 * entities so `<fill in>` is not taken for HTML, `|` cannot end the cell and
 * a line break becomes `<br>` instead of ending the row; control characters
 * become U+FFFD.
 */
export function mdEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD')
    .replace(/[\\`*_[\]~|#]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * Characters XML 1.0 cannot carry at all, not even as character references:
 * C0 controls other than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF.
 * They become U+FFFD (the replacement character).
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as XML 1.0 character data (line breaks kept; a CR is a reference so parsers do not turn it into LF). */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Text as an XML 1.0 attribute value in double quotes (tab, LF and CR as references, else parsers turn them into spaces). */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

/** Escape the message part of a workflow command (after the second `::`). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a property value (`key=value` before the `::`): also `:` and `,`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
