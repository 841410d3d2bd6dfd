import type {Processor} from 'unified';
import {
  frontmatter,
  frontmatterFromMarkdown,
  gfmTable,
  gfmTableFromMarkdown,
  gfmTaskListItem,
  gfmTaskListItemFromMarkdown,
} from '../lib/vendor.js';

/**
 * unified plugin that teaches `remark-parse` the syntax specs use: GFM tables,
 * task-list items and YAML front matter. We add the two GFM extensions
 * directly rather than all of `remark-gfm` because autolink literals alone
 * make parsing about 1.7x slower and no rule needs them.
 */
export function remarkSpecSyntax(this: Processor): void {
  const data = this.data() as {
    micromarkExtensions?: unknown[];
    fromMarkdownExtensions?: unknown[];
  };
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmTaskListItem(), frontmatter(['yaml']));
  (data.fromMarkdownExtensions ??= []).push(
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
    frontmatterFromMarkdown(['yaml']),
  );
}
