import {defineRule} from '../src/engine/rule.js';
import {matchProfile} from '../src/engine/match.js';
import type {Section} from '../src/engine/model.js';
import {presenceOf, type SectionSpec} from '../src/profiles/types.js';
import {excerpt, quote} from '../src/lib/text.js';

/**
 * Indices (into `values`) of one longest strictly increasing subsequence.
 * The sections outside it are the fewest that must move to restore template
 * order, so only those are reported.
 */
export function longestIncreasing(values: number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < values[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) keep.add(i);
  return keep;
}

export default defineRule<Record<string, never>>({
  meta: {
    id: 'section-order',
    recommended: 'warn',
    description: 'Required sections appear in the order of the template (checked among siblings at their own level).',
    messages: {
      outOfOrder: 'Section "{{section}}" is out of template order; it belongs {{where}}',
    },
    schema: {type: 'object', additionalProperties: false, properties: {}},
    defaultOptions: {},
  },
  check({model, profile, report}) {
    const match = matchProfile(model, profile);
    const groups: SectionSpec[][] = [profile.sections];
    for (const m of match.all) if (m.located.spec.sections?.length) groups.push(m.located.spec.sections);
    for (const specs of groups) {
      const present: Array<{spec: SectionSpec; section: Section}> = [];
      // Only required sections found where the profile puts them: an order of
      // optional sections is the author's choice (the template's own examples
      // put Acceptance Criteria before Implementation Notes), and a
      // `### Monitoring` inside another section is not a top-level section.
      for (const spec of specs) {
        const m = match.bySpec.get(spec);
        if (m?.section && m.atLevel && presenceOf(spec) === 'required') present.push({spec, section: m.section});
      }
      const keep = longestIncreasing(present.map((p) => p.section.index));
      present.forEach((p, i) => {
        if (keep.has(i)) return;
        // Name the template neighbour it should follow (or precede).
        let before: (typeof present)[number] | undefined;
        for (let j = i - 1; j >= 0 && !before; j--) if (keep.has(j)) before = present[j];
        let after: (typeof present)[number] | undefined;
        for (let j = i + 1; j < present.length && !after; j++) if (keep.has(j)) after = present[j];
        // Name both template neighbours that stay in place: with only one, a
        // swap of two sections reads as if the section were already right.
        const at = (x: (typeof present)[number]) => `${quote(x.section.title)} (line ${x.section.position.start.line})`;
        const where =
          before && after ? `after ${at(before)} and before ${at(after)}` : before ? `after ${at(before)}` : `before ${at(after!)}`;
        report({
          messageId: 'outOfOrder',
          data: {section: excerpt(p.section.title), where},
          at: p.section,
          hint: `Move the ${quote(p.section.title)} section ${where}, or disable section-order if your team orders sections differently`,
        });
      });
    }
  },
});
