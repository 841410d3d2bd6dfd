/**
 * The types of profile and config files are generated from their JSON
 * Schemas (src/profiles/schema.ts -> src/profiles/config-types.generated.ts),
 * so the schema is the one source: this fails when the committed file is
 * not what the schema gives, and checks the generated types accept what
 * the schema accepts.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, expectTypeOf, it} from 'vitest';
import {CONFIG_TYPES_FILE, configTypesText} from '../scripts/build-config-types.js';
import {builtinProfiles} from '../src/profiles/built-in.js';
import type {ConfigFile, Profile, ProfileDefinition, RuleSetting, SectionSpec} from '../src/profiles/types.js';

describe('config-types.generated.ts', () => {
  it('is what the schemas generate (regenerate: npm run build:config-types)', async () => {
    expect(readFileSync(CONFIG_TYPES_FILE, 'utf8')).toBe(await configTypesText());
  });

  it('types a loaded profile as a profile file with its title and rules filled in', () => {
    const profile = builtinProfiles().get('service-design')!;
    expect(profile.title).toBeTruthy();
    expectTypeOf<Profile>().toMatchTypeOf<Omit<ProfileDefinition, 'sections'>>();
    expectTypeOf<Profile['sections'][number]>().toEqualTypeOf<SectionSpec>();
    expectTypeOf<RuleSetting>().toMatchTypeOf<string | number | unknown[]>();
    expectTypeOf<{rules: {'no-placeholders': ['error', {allow: string[]}]}; maxFileTime: number}>().toMatchTypeOf<ConfigFile>();
  });
});
