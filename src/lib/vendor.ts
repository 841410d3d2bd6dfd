/**
 * The packages every run loads, in one module: the Markdown parser stack
 * (unified, remark-parse, micromark and its GFM table, task-list and front
 * matter extensions), the lint plumbing (unified-lint-rule,
 * remark-message-control, vfile, unist/mdast utilities), chalk,
 * commander and github-slugger (heading anchors, for the checks across specs).
 *
 * Why: Node's ESM loader resolves, reads and compiles each module on its
 * own, and these packages are about 190 small modules, 50 of them
 * mdast-util-to-markdown, which the GFM extensions import for their
 * to-Markdown halves that speclint never uses. `npm run build` replaces the
 * compiled `dist/src/lib/vendor.js` with one esbuild bundle of this file
 * (scripts/build-vendor.mjs), which drops what is unused: a one-file run
 * starts about 120 ms sooner (docs/benchmark.md). Run from the TypeScript
 * sources (vitest, tsx), or when the bundle step has not run, these are
 * plain re-exports and behave the same.
 *
 * Only packages loaded on every run belong here; ones loaded lazily (yaml,
 * ajv, globby, picomatch, diff, mermaid) stay lazy.
 */
export {Chalk, type ChalkInstance} from 'chalk';
export {Command, CommanderError, InvalidArgumentError, Option} from 'commander';
export {default as GithubSlugger} from 'github-slugger';
export {frontmatterFromMarkdown} from 'mdast-util-frontmatter';
export {gfmTableFromMarkdown} from 'mdast-util-gfm-table';
export {gfmTaskListItemFromMarkdown} from 'mdast-util-gfm-task-list-item';
export {toString} from 'mdast-util-to-string';
export {frontmatter} from 'micromark-extension-frontmatter';
export {gfmTable} from 'micromark-extension-gfm-table';
export {gfmTaskListItem} from 'micromark-extension-gfm-task-list-item';
export {default as remarkMessageControl} from 'remark-message-control';
export {default as remarkParse} from 'remark-parse';
export {unified, type PluggableList} from 'unified';
export {lintRule} from 'unified-lint-rule';
export {visit} from 'unist-util-visit';
export {VFile} from 'vfile';
