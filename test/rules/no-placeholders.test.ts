/**
 * no-placeholders: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

ruleTester('no-placeholders', {
  profile: 'service-design',
  valid: [
    'Statuses in [PENDING, SENT] are retried, see [RFC 7231] and the [link](https://example.com).\n\n- [ ] open task\n- [x] done task\n',
    '<!-- TODO: guidance for authors, not content -->\n\nReal text.\n',
    '`TODO` in code spans and\n\n```\nTODO in code blocks\n```\n\nare not placeholders.\n',
  ],
  invalid: [
    {
      name: 'placeholder after a comment on the same line',
      code: '# Payments\n\n<!-- owner: payments --> TODO: name the on-call rotation.\n',
      findings: [{messageId: 'placeholder', finding: '3:26 error no-placeholders Template placeholder "TODO" (unfinished marker) left in the spec'}],
    },
    {
      name: 'exact column on a continuation line of a list item',
      code: '# Payments\n\n## Overview\n\n- The ledger is written first,\n  then TODO the outbox.\n',
      findings: [{messageId: 'placeholder', finding: '6:8 error no-placeholders Template placeholder "TODO" (unfinished marker) left in the spec'}],
    },
    {
      name: 'template inputs and bracketed placeholders',
      code: '## Backend Spec: [Service Name]\n\nOwned by ${input:team:Owning team}.\n',
      findings: [
        {messageId: 'placeholder', finding: '1:18 error no-placeholders Template placeholder "[Service Name]" (bracketed placeholder) left in the spec'},
        {messageId: 'placeholder', finding: '3:10 error no-placeholders Template placeholder "${input:team:Owning team}" (template input) left in the spec'},
      ],
    },
    {
      name: 'custom patterns with flags replace the defaults',
      options: {patterns: [{pattern: 'to be decided', label: 'open decision', flags: 'i'}]},
      code: 'The region is To Be Decided. TODO stays allowed.\n',
      findings: [{messageId: 'placeholder', finding: '1:15 error no-placeholders Template placeholder "To Be Decided" (open decision) left in the spec'}],
    },
  ],
});

// Placeholders are what a template leaves to fill in, not every bracket: test tags, code,
// size names and references to the document's own headings and links are prose.
ruleTester('no-placeholders', {
  profile: 'service-design',
  valid: [
    {name: 'e2e test tags in brackets', code: 'The new tests are tagged [LinuxOnly], [Serial], [Slow] and [Disruptive], run under [Feature:PodLifecycleSleep] and [Driver: csi-hostpath], and join [NodeConformance] later.\n'},
    {name: 'code-ish brackets right after a name', code: 'Counters live in a map[String]int per tenant; arr[Index] is bounds-checked and pages come back as PaginatedList[Resource].\n'},
    {name: 'size names', code: 'Nodes come in Large, X-Large and XXX-Large; XXL runners are reserved for builds.\n'},
    {name: 'a bracketed word in prose that this template does not use', code: 'Questions marked [Optional] may be skipped, and [Description] fields are free text.\n'},
    {name: 'a reference to a heading of the document', code: '# Payments\n\n## Log volume analysis\n\nLogs grow 4%.\n\n## Overview\n\nSee the [Log volume analysis] section.\n'},
    {name: 'a reference to a link definition (the label written in the singular)', code: 'Pods follow the [Pod Security Standard] profiles.\n\n[Pod Security Standards]: https://example.com/pss\n'},
  ],
  invalid: [
    {
      name: "the template's own placeholder, and a bracketed title of several words",
      code: '# Payments\n\n## Failure Modes\n\n### [Failure Scenario]\n\nOwned by [Team Name].\n',
      findings: [
        {messageId: 'placeholder', finding: '5:5 error no-placeholders Template placeholder "[Failure Scenario]" (bracketed placeholder) left in the spec'},
        {messageId: 'placeholder', finding: '7:10 error no-placeholders Template placeholder "[Team Name]" (bracketed placeholder) left in the spec'},
      ],
    },
    {
      name: 'one capitalised word alone in a table cell or a heading is a slot to fill',
      code: '# Payments\n\n## Dependencies\n\n| Dependency | Type | Criticality | Timeout | Fallback |\n|---|---|---|---|---|\n| Ledger | Sync | Critical | [Timeout] | None |\n\n### [Entity]\n',
      findings: [
        {messageId: 'placeholder', finding: '7:30 error no-placeholders Template placeholder "[Timeout]" (bracketed placeholder) left in the spec'},
        {messageId: 'placeholder', finding: '9:5 error no-placeholders Template placeholder "[Entity]" (bracketed placeholder) left in the spec'},
      ],
    },
    {
      name: 'XXX as a marker, and a tag-like name after a space is not code',
      code: 'Retry budget: XXX. Owner: [Service Owner].\n',
      findings: [
        {messageId: 'placeholder', finding: '1:15 error no-placeholders Template placeholder "XXX" (unfinished marker) left in the spec'},
        {messageId: 'placeholder', finding: '1:27 error no-placeholders Template placeholder "[Service Owner]" (bracketed placeholder) left in the spec'},
      ],
    },
  ],
});

ruleTester('no-placeholders', {
  profile: 'tech-spec',
  valid: [{name: 'a single bracketed word in prose that the template does not list', code: '# T\n\n## Background\n\nSee [Background].\n'}],
  invalid: [
    {
      name: "the review table's [Date] and [Author], and the scaffold's single-word slots anywhere",
      code: '# T\n\n## Review Table\n\n| Version | Date | Name | Role | Description |\n| --- | --- | --- | --- | --- |\n| 1.0 | [Date] | [Author] | Author | Initial Draft |\n\n## Objective\n\n1. **Faster refunds** - [Description]\n\nImplement a comprehensive [system/service] that pays out.\n',
      findings: [
        {messageId: 'placeholder', finding: '7:9 error no-placeholders Template placeholder "[Date]" (bracketed placeholder) left in the spec'},
        {messageId: 'placeholder', finding: '7:18 error no-placeholders Template placeholder "[Author]" (bracketed placeholder) left in the spec'},
        {messageId: 'placeholder', finding: '11:25 error no-placeholders Template placeholder "[Description]" (bracketed placeholder) left in the spec'},
        {messageId: 'placeholder', finding: '13:27 error no-placeholders Template placeholder "[system/service]" (bracketed placeholder) left in the spec'},
      ],
    },
  ],
});

// A profile's placeholders are data: an extending profile adds its own to its base's.
ruleTester('no-placeholders', {
  profile: 'team-design',
  define: {
    extends: 'service-design',
    placeholders: [{text: '[Team]', label: 'team placeholder'}, {pattern: String.raw`\?{3}`, label: 'open question'}],
  },
  valid: ['Owned by the Payments team. Is this right? Yes.\n'],
  invalid: [
    {
      name: "its own placeholders, and the base's",
      code: '# P\n\n## Failure Modes\n\n#### [Failure Scenario]\n\nOwned by [Team]; fallback ???.\n',
      findings: [
        {messageId: 'placeholder', finding: '5:6 error no-placeholders Template placeholder "[Failure Scenario]" (bracketed placeholder) left in the spec'},
        {messageId: 'placeholder', finding: '7:10 error no-placeholders Template placeholder "[Team]" (team placeholder) left in the spec'},
        {messageId: 'placeholder', finding: '7:27 error no-placeholders Template placeholder "???" (open question) left in the spec'},
      ],
    },
    {
      name: 'the rule option patterns replace the generic placeholders, not the profile\'s',
      options: {patterns: [{pattern: 'to be decided', label: 'open decision', flags: 'i'}]},
      code: 'Region To Be Decided, owner [Team], TODO stays.\n',
      findings: [
        {messageId: 'placeholder', finding: '1:8 error no-placeholders Template placeholder "To Be Decided" (open decision) left in the spec'},
        {messageId: 'placeholder', finding: '1:29 error no-placeholders Template placeholder "[Team]" (team placeholder) left in the spec'},
      ],
    },
  ],
});
