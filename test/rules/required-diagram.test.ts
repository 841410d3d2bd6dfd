/**
 * required-diagram: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

ruleTester('required-diagram', {
  profile: 'tech-spec',
  valid: [
    '# T\n\n## Activity Lifecycle\n\n```mermaid\nstateDiagram-v2\n  [*] --> CREATED\n  CREATED --> PAID: pay\n  PAID --> [*]\n```\n\n| From | To | Trigger |\n|---|---|---|\n| CREATED | PAID | pay |\n',
  ],
  invalid: [
    {
      name: 'wrong diagram kind',
      code: '# T\n\n## Processing Sequences\n\n```mermaid\nflowchart LR\n  A --> B\n```\n',
      findings: [{messageId: 'otherDiagrams', finding: '3:1 error required-diagram Section "Processing Sequences" has no sequenceDiagram diagram (it has: flowchart)'}],
    },
    {
      name: 'transition table and diagram disagree',
      code: '# T\n\n## Activity Lifecycle\n\n```mermaid\nstateDiagram-v2\n  [*] --> CREATED\n  CREATED --> PAID: pay\n  PAID --> REFUNDED: refund\n```\n\n| From | To | Trigger |\n|---|---|---|\n| CREATED | PAID | pay |\n| PAID | CANCELLED | cancel |\n',
      findings: [
        {messageId: 'stateNotInTable', finding: '12:1 error required-diagram State "REFUNDED" is in the state diagram but not in the transition table'},
        {messageId: 'stateNotInDiagram', finding: '15:10 error required-diagram State "CANCELLED" is in the transition table but not in the state diagram'},
      ],
    },
  ],
});

ruleTester('required-diagram', {
  profile: 'tech-spec',
  valid: [
    {
      name: 'two state machines in one section',
      code: '# T\n\n## Activity Lifecycle\n\n```mermaid\nstateDiagram-v2\n  A --> B\n```\n\n| From | To |\n|---|---|\n| A | B |\n\n```mermaid\nstateDiagram-v2\n  X --> Y\n```\n\n| From | To |\n|---|---|\n| X | Y |\n',
    },
  ],
  invalid: [],
});

// One invalid case for each message the tables above do not report (test/rule-messages.test.ts).
ruleTester('required-diagram', {
  profile: 'tech-spec',
  valid: [],
  invalid: [
    {
      name: 'no diagram at all',
      code: '# T\n\n## Processing Sequences\n\nThe API calls the ledger.\n',
      findings: [{messageId: 'noDiagram', finding: '3:1 error required-diagram Section "Processing Sequences" has no sequenceDiagram diagram'}],
    },
  ],
});
