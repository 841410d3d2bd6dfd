/** `speclint rules` and `speclint profiles`: what speclint knows, as text or JSON. */
import {severityOf, type RuleSetting} from '../profiles/types.js';
import type {CliIO} from './io.js';

export async function listRules(options: {format: 'text' | 'json'}, io: CliIO): Promise<number> {
  const {RULES, ENGINE_RULES} = await import('../engine/registry.js');
  const {builtinProfiles} = await import('../profiles/built-in.js');
  const profiles = [...builtinProfiles().values()].filter((p) => !p.extends);
  const rows = [
    ...RULES.map((r) => ({
      id: r.meta.id,
      description: r.meta.description,
      fixable: Boolean(r.meta.fixable),
      docs: `rules/${r.meta.id}.md`,
      profiles: Object.fromEntries(profiles.map((p) => [p.name, severityLabel(p.rules[r.meta.id])])),
    })),
    ...ENGINE_RULES.map((r) => ({id: r.id, description: r.description, fixable: false, docs: `rules/${r.id}.md`, profiles: {}})),
  ];
  if (options.format === 'json') {
    io.stdout(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows) io.stdout(`${r.id.padEnd(width)}  ${r.description}\n`);
  return 0;
}

function severityLabel(setting: RuleSetting | undefined): string {
  return (['off', 'warn', 'error'] as const)[severityOf(setting)];
}

export async function listProfiles(options: {format: 'text' | 'json'; config?: string}, io: CliIO): Promise<number> {
  // The config's own profiles are listed after the built-in ones.
  const {loadConfig} = await import('../config/load.js');
  const config = loadConfig({cwd: io.cwd, configPath: options.config});
  const custom = new Set(config.customProfiles);
  const profiles = [...config.profiles.values()];
  if (options.format === 'json') {
    io.stdout(
      JSON.stringify(
        profiles.map((p) => ({name: p.name, title: p.title, extends: p.extends ?? null, template: p.template ?? null, source: custom.has(p.name) ? 'config' : 'built-in'})),
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  const width = Math.max(...profiles.map((p) => p.name.length));
  for (const p of profiles) {
    io.stdout(`${p.name.padEnd(width)}  ${p.title}${p.extends ? ` (extends ${p.extends})` : ''}${custom.has(p.name) ? ' [config]' : ''}\n`);
  }
  return 0;
}
