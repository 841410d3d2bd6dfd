/**
 * speclint as a remark preset, for remark-cli or any unified pipeline:
 *
 *   // .remarkrc.js
 *   import speclint from 'speclint/preset';
 *   export default {plugins: [[speclint, {profile: 'service-design'}]]};
 *
 * The preset is not a second engine: each file goes through `lintText`,
 * the CLI's own lint path, so it reads the same config (the nearest
 * `.speclintrc.*` or package.json "speclint" from the file's folder, or
 * `config`), chooses the profile the same way (choose-profile.ts: `profile`
 * forces it like `--profile`), awaits the rules that wait (code-blocks'
 * mermaid and JSON checks), applies `<!-- lint disable rule-id -->`
 * comments, and reports with the same rule ids, positions, hints and
 * severities (an error is a fatal message, so remark-cli exits 1 on it; a
 * warning fails only with `--frail`).
 *
 * It also registers the to-Markdown halves of the syntax it parses (GFM
 * tables, task-list items, YAML front matter), so remark can write the tree
 * back (`remark spec.md -o`). A config that does not load, or an unknown
 * `profile`, is one fatal message on the file, never a thrown exception.
 */
import {dirname, relative, resolve} from 'node:path';
import type {Root} from 'mdast';
import {frontmatterToMarkdown} from 'mdast-util-frontmatter';
import {gfmTableToMarkdown} from 'mdast-util-gfm-table';
import {gfmTaskListItemToMarkdown} from 'mdast-util-gfm-task-list-item';
import type {Processor} from 'unified';
import type {VFile} from 'vfile';
import {configProfileFor} from './engine/choose-profile.js';
import {loadConfig, type ResolvedConfig} from './config/load.js';
import {lintText} from './engine/lint.js';
import {remarkSpecSyntax} from './engine/parse.js';
import {didYouMean} from './lib/text.js';
import {oneLine} from './lib/yaml.js';

export interface PresetOptions {
  /** Use this profile for every file (built-in or defined in config), as `--profile` does. */
  profile?: string;
  /** Config file, relative to the working directory; default: the nearest one from each file's folder. */
  config?: string;
}

export default function remarkPresetSpeclint(this: Processor, options: PresetOptions = {}) {
  remarkSpecSyntax.call(this);
  const data = this.data() as {toMarkdownExtensions?: unknown[]};
  (data.toMarkdownExtensions ??= []).push(gfmTableToMarkdown(), gfmTaskListItemToMarkdown(), frontmatterToMarkdown(['yaml']));

  // One config per folder (or one for all, given `config`), loaded once per processor.
  const configs = new Map<string, ResolvedConfig>();
  const configFor = (cwd: string, dir: string): ResolvedConfig => {
    const key = options.config !== undefined ? `config:${resolve(cwd, options.config)}` : dir;
    let config = configs.get(key);
    if (!config) {
      config = options.config !== undefined ? loadConfig({cwd, configPath: options.config}) : loadConfig({cwd: dir});
      configs.set(key, config);
    }
    return config;
  };

  return async (_tree: Root, file: VFile): Promise<void> => {
    const cwd = file.cwd;
    const path = file.path ? resolve(cwd, file.path) : undefined;
    let config: ResolvedConfig;
    try {
      config = configFor(cwd, path ? dirname(path) : cwd);
    } catch (error) {
      file.fail(`speclint: ${oneLine(error)}`, {ruleId: 'config', source: 'speclint'});
    }
    if (options.profile !== undefined && !config.profiles.has(options.profile)) {
      file.fail(`speclint: unknown profile "${options.profile}"${didYouMean(options.profile, config.profiles.keys())} (known: ${[...config.profiles.keys()].join(', ')})`, {
        ruleId: 'config',
        source: 'speclint',
      });
    }
    const text = String(file.value ?? '').replace(/^\uFEFF/, '');
    const outcome = await lintText(text, {
      filePath: path ? relative(cwd, path) || path : '<stdin>',
      profiles: config.profiles,
      forcedProfile: options.profile,
      configProfile: path ? configProfileFor(path, config) : config.profile ? {name: config.profile, reason: 'config "profile"'} : undefined,
      ruleOverrides: config.rules,
      // A file handed to remark is named, never skipped silently: no profile is one profile-match warning.
      explicit: true,
      maxFileTime: config.maxFileTime,
    });
    for (const m of outcome.result?.messages ?? []) {
      const start = {line: m.line, column: m.column};
      const place = m.endLine !== undefined && m.endColumn !== undefined ? {start, end: {line: m.endLine, column: m.endColumn}} : start;
      const message = file.message(m.message, {place, ruleId: m.ruleId ?? undefined, source: 'speclint'});
      message.fatal = m.severity === 2;
      if (m.hint) message.note = m.hint;
      if (m.url) message.url = m.url;
    }
  };
}
