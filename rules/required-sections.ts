import {defineRule, type RuleContext} from '../src/rule.js';
import {expectedDepth, headingFor, matchProfile} from '../src/match.js';
import {presenceOf, specPath, type Presence} from '../src/profile.js';
import type {Section} from '../src/model.js';
import {quote} from '../src/text.js';

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
    const found = (i: number): Section | undefined => match.bySpec.get(siblings[i]!)?.section;
    let previous: Section | undefined;
    for (let i = located.order - 1; i >= 0 && !previous; i--) previous = found(i);
    let next: Section | undefined;
    for (let i = located.order + 1; i < siblings.length && !next; i++) next = found(i);
    const parent = located.parent ? match.bySpec.get(located.parent.spec)?.section : undefined;

    const heading = headingFor(located.spec, expectedDepth(model, profile, located));
    const where = previous
      ? `after ${quote(previous.title)} (line ${previous.position.start.line})`
      : next
        ? `before ${quote(next.title)} (line ${next.position.start.line})`
        : parent
          ? `under ${quote(parent.title)} (line ${parent.position.start.line})`
          : 'in the document';
    const kind = presence === 'required' ? 'required' : 'recommended';
    const what = located.parent ? `${kind} section ${quote(specPath(located))}` : `${kind} section ${quote(located.spec.name)}`;
    context.report({
      message: `Missing ${what}; it belongs ${where}`,
      at: next ?? previous ?? parent,
      hint: `Add a "${heading}" heading ${where}${located.spec.description ? `: ${located.spec.description}` : ''}`,
    });
  }
}

export default defineRule<Record<string, never>>({
  meta: {
    id: 'required-sections',
    description: 'Every section the profile marks required is present, at any heading depth under its parent.',
    schema: {type: 'object', additionalProperties: false, properties: {}},
    defaultOptions: {},
    fixable: false,
  },
  check(context) {
    reportMissingSections(context, 'required');
  },
});
