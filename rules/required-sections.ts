import {defineRule, type RuleContext} from '../src/engine/rule.js';
import {expectedDepth, headingFor, matchProfile} from '../src/engine/match.js';
import {presenceOf, specPath, type Presence, type SectionSpec} from '../src/profiles/types.js';
import type {Section, SpecModel} from '../src/engine/model.js';
import {excerpt, quote} from '../src/lib/text.js';
import {sectionInsertion} from '../src/engine/edits.js';

/**
 * The messages `reportMissingSections` and `reportRepeatCounts` report, for
 * sections of one presence level (required-sections, recommended-sections).
 */
export function sectionMessages(presence: 'required' | 'recommended') {
  return {
    missing: `Missing ${presence} section "{{section}}"; it belongs {{where}}`,
    tooFew: 'Section "{{section}}" appears {{times}}; the template asks for at least {{min}}',
    tooMany: 'Section "{{section}}" appears {{times}}; the template allows at most {{max}}',
  };
}

/**
 * Report sections of one presence level that the document lacks, at the place
 * they belong: before the next sibling the document has, else after the
 * previous one, else under the parent heading.
 */
export function reportMissingSections(context: RuleContext<unknown>, presence: Presence): void {
  const {model, profile} = context;
  const match = matchProfile(model, profile);
  for (const matched of match.all) {
    const {located} = matched;
    if (matched.section || !matched.searched || presenceOf(located.spec) !== presence) continue;
    const siblings = located.parent ? (located.parent.spec.sections ?? []) : profile.sections;
    // Siblings under the same parent instance (a repeated parent has several).
    // A sibling found only inside another section (a `### Monitoring` under
    // Implementation Notes) is no place to put a top-level section beside.
    const found = (i: number): Section | undefined => {
      const sibling = match.under(siblings[i]!, matched.parentMatch);
      return sibling?.atLevel ? sibling.section : undefined;
    };
    let previous: Section | undefined;
    for (let i = located.order - 1; i >= 0 && !previous; i--) previous = found(i);
    let next: Section | undefined;
    for (let i = located.order + 1; i < siblings.length && !next; i++) next = found(i);
    const parent = matched.parentMatch?.section;

    const depth = expectedDepth(model, profile, located);
    const heading = headingFor(located.spec, depth);
    const where = previous
      ? `after ${quote(previous.title)} (line ${previous.position.start.line})`
      : next
        ? `before ${quote(next.title)} (line ${next.position.start.line})`
        : parent
          ? `under ${quote(parent.title)} (line ${parent.position.start.line})`
          : 'in the document';
    context.report({
      messageId: 'missing',
      data: {section: excerpt(located.parent ? specPath(located) : located.spec.name), where},
      at: next ?? previous ?? parent,
      hint: renamedHint(model, located.spec, parent) ?? `Add a ${quote(heading)} heading ${where}${located.spec.description ? `: ${located.spec.description}` : ''}`,
      // --fix inserts required sections only: an inserted recommended section would be an empty-section error.
      fix:
        presence === 'required'
          ? sectionInsertion(String(context.file.value), {previous, next, parent, depth}, located.spec.name, located.spec.description ?? located.spec.name)
          : undefined,
    });
  }
}

/** A heading still using the name the profile renamed: say so instead of "add a heading". */
function renamedHint(model: SpecModel, spec: SectionSpec, parent: Section | undefined): string | undefined {
  if (!spec.renamedFrom) return undefined;
  const old = model.findSection(spec.renamedFrom, parent);
  return old ? `Rename the ${quote(old.title)} heading (line ${old.position.start.line}) to ${quote(spec.name)}: this profile renames that section` : undefined;
}

/**
 * A repeated section (`### Story N`) found fewer times than the template's
 * `repeat.min`, or more than `repeat.max`: reported once per parent instance.
 */
export function reportRepeatCounts(context: RuleContext<unknown>, presence: Presence): void {
  const {model, profile} = context;
  const seen = new Set<Section[]>();
  for (const matched of matchProfile(model, profile).all) {
    const {repeat} = matched.located.spec;
    const instances = matched.instances;
    // An optional repeated section is counted when it is there at all: required-sections does that.
    const own = presenceOf(matched.located.spec);
    if (!repeat || !instances || seen.has(instances) || (own !== presence && !(own === 'optional' && presence === 'required'))) continue;
    seen.add(instances);
    const name = quote(matched.located.spec.name);
    const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;
    const data = {section: excerpt(matched.located.spec.name), times: times(instances.length)};
    if (repeat.min !== undefined && instances.length < repeat.min) {
      context.report({
        messageId: 'tooFew',
        data: {...data, min: repeat.min},
        at: instances.at(-1)!,
        hint: `Add ${repeat.min - instances.length} more ${name} section${repeat.min - instances.length === 1 ? '' : 's'}`,
      });
    }
    if (repeat.max !== undefined && instances.length > repeat.max) {
      context.report({
        messageId: 'tooMany',
        data: {...data, max: repeat.max},
        at: instances[repeat.max]!,
        hint: `Merge or remove the sections after the first ${repeat.max}`,
      });
    }
  }
}

export default defineRule<Record<string, never>>({
  meta: {
    id: 'required-sections',
    recommended: 'error',
    description: 'Every section the profile marks required is present, at any heading depth under its parent (a repeated section as often as the template asks).',
    messages: sectionMessages('required'),
    schema: {type: 'object', additionalProperties: false, properties: {}},
    defaultOptions: {},
    fixable: true,
  },
  check(context) {
    reportMissingSections(context, 'required');
    reportRepeatCounts(context, 'required');
  },
});
