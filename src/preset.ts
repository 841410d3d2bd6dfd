/**
 * speclint as a remark preset, for remark-cli or any unified pipeline:
 *
 *   // .remarkrc.js
 *   import speclint from 'speclint/preset';
 *   export default {plugins: [[speclint, {profile: 'service-design'}]]};
 *
 * `profile` is a built-in profile name; without it the profile is detected
 * from the headings. The profile's rules run with its severities, and
 * `<!-- lint disable rule-id -->` comments work through remark-lint.
 */
import type {Root} from 'mdast';
import type {Processor} from 'unified';
import type {VFile} from 'vfile';
import {remarkMessageControl} from './vendor.js';
import {remarkSpecSyntax} from './parse.js';
import {fileState, modelFor, toRemarkPlugin} from './rule.js';
import {RULES} from './rules.js';
import {builtinProfiles} from './profiles.js';
import {resolveAlternatives} from './match.js';
import {detectProfile} from './detect.js';
import {resolveRuleSettings} from './lint.js';

export interface PresetOptions {
  profile?: string;
}

export default function remarkPresetSpeclint(this: Processor, options: PresetOptions = {}): void {
  const profiles = builtinProfiles();
  if (options.profile && !profiles.has(options.profile)) {
    throw new Error(`speclint preset: unknown profile "${options.profile}" (known: ${[...profiles.keys()].join(', ')})`);
  }
  remarkSpecSyntax.call(this);
  // First transformer: settle the file's profile so every rule sees it.
  this.use(() => (tree: Root, file: VFile) => {
    const state = fileState(file);
    const model = modelFor(tree, file);
    const profile = options.profile ? profiles.get(options.profile) : detectProfile(model, profiles.values()).best?.profile;
    state.profile = profile ? resolveAlternatives(profile, model) : undefined;
  });
  // Every rule is registered; each runs only where the file's profile turns it on.
  for (const rule of RULES) {
    const plugin = toRemarkPlugin(rule);
    this.use(() => (tree: Root, file: VFile) => {
      const profile = fileState(file).profile;
      const setting = profile ? resolveRuleSettings(profile).get(rule.meta.id) : undefined;
      if (!setting?.severity) return;
      const transform = plugin.call(this as never, [setting.severity, setting.options] as never);
      if (transform) (transform as (t: Root, f: VFile, next: () => void) => void)(tree, file, () => {});
    });
  }
  this.use(remarkMessageControl, {name: 'lint', source: 'speclint'});
}
