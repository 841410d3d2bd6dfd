import type {Processor} from 'unified';
import {gfmTable} from 'micromark-extension-gfm-table';
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table';
import {gfmTaskListItem} from 'micromark-extension-gfm-task-list-item';
import {gfmTaskListItemFromMarkdown} from 'mdast-util-gfm-task-list-item';
import {frontmatter} from 'micromark-extension-frontmatter';
import {frontmatterFromMarkdown} from 'mdast-util-frontmatter';

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
