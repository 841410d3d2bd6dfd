#!/usr/bin/env node
// The parse floor: read every Markdown file under the given directories (or
// the files named) and parse it with mdast-util-from-markdown plus only the
// GFM table, task-list and front-matter extensions, nothing else. No linter
// can be faster than this on the same input; speclint's time is compared to it.
//
//   node scripts/bench/parse-floor.mjs DIR|FILE...
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {fromMarkdown} from 'mdast-util-from-markdown';
import {frontmatterFromMarkdown} from 'mdast-util-frontmatter';
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table';
import {gfmTaskListItemFromMarkdown} from 'mdast-util-gfm-task-list-item';
import {frontmatter} from 'micromark-extension-frontmatter';
import {gfmTable} from 'micromark-extension-gfm-table';
import {gfmTaskListItem} from 'micromark-extension-gfm-task-list-item';

function* markdownFiles(path) {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory()) yield* markdownFiles(join(path, entry.name));
      else if (entry.name.endsWith('.md')) yield join(path, entry.name);
    }
  } else {
    yield path;
  }
}

const options = {
  extensions: [gfmTable(), gfmTaskListItem(), frontmatter(['yaml'])],
  mdastExtensions: [gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
};

let files = 0;
let bytes = 0;
let nodes = 0;
for (const arg of process.argv.slice(2)) {
  for (const file of markdownFiles(arg)) {
    const text = readFileSync(file, 'utf8');
    const tree = fromMarkdown(text, options);
    files++;
    bytes += Buffer.byteLength(text);
    nodes += tree.children.length;
  }
}
// One line for the caller (the work counted, so nothing is optimised away).
process.stdout.write(JSON.stringify({files, bytes, topLevelNodes: nodes}) + '\n');
