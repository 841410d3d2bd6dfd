/**
 * code-blocks: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

const errors = (rows: string) =>
  `# Payments\n\n## Error Handling\n\n### Error Classification\n\n| Error Type | HTTP Status | Error Code | Retry | Log Level |\n|---|---|---|---|---|\n${rows}\n`;

ruleTester('code-blocks', {
  profile: 'tech-spec',
  valid: [
    '```json\n{"id": "ord_1", "status": "CREATED"}\n```\n\n```yaml\nretries: 3\nbackoff: [1s, 2s]\n```\n\n```dbml\nTable orders {\n  id int [pk]\n  status varchar\n}\n```\n\n```mermaid\n%% comment\nstateDiagram-v2\n  [*] --> A\n```\n',
  ],
  invalid: [
    {
      name: 'json, yaml, dbml and mermaid errors at their line inside the block',
      code: '# T\n\n```json\n{\n  "id": "ord_1",\n  "status": CREATED\n}\n```\n\n```yaml\nretries: 3\n  backoff: [1s\n```\n\n```dbml\nTable orders {\n  id int [pk\n}\n```\n\n```mermaid\nsequence\n  A->>B: hi\n```\n',
      findings: [
        {messageId: 'jsonParse', finding: "6:1 error code-blocks JSON block does not parse: Unexpected token 'C'"},
        {messageId: 'yamlParse', finding: '11:1 error code-blocks YAML block does not parse: Nested mappings are not allowed in compact mappings'},
        {messageId: 'dbmlParse', finding: '18:1 error code-blocks DBML block does not parse: Expect an identifier'},
        {messageId: 'mermaidType', finding: '22:1 error code-blocks Mermaid block starts with "sequence", which is not a mermaid diagram type'},
      ],
    },
  ],
});

ruleTester('code-blocks', {
  profile: 'tech-spec',
  valid: [
    {name: 'multi-document YAML', code: '```yaml\nkind: Deployment\n---\nkind: Service\n```\n'},
    {
      name: 'mermaid flowchart, graph, er, class, pie and gantt that parse',
      code: '# T\n\n```mermaid\nflowchart TD\n  A[Client] -->|HTTPS| B(Gateway)\n  subgraph core\n    B --> C{Valid?}\n  end\n```\n\n```mermaid\nerDiagram\n  ORDER ||--o{ LINE_ITEM : contains\n```\n\n```mermaid\nclassDiagram\n  class Order {\n    +String id\n    +pay() bool\n  }\n```\n\n```mermaid\npie title Traffic\n  "reads" : 80\n  "writes" : 20\n```\n\n```mermaid\ngantt\n  title Rollout\n  dateFormat YYYY-MM-DD\n  section Beta\n  Canary :a1, 2026-01-05, 3d\n```\n\n```mermaid\ngraph LR\n  A --> B\n```\n',
    },
  ],
  invalid: [
    {
      name: 'mermaid syntax errors from the jison parsers, at the line where the parser stopped',
      code: '# T\n\n```mermaid\nflowchart LR\n  Client --> Gateway\n  Gateway --> Payments[Payments API\n  Payments --> DB\n```\n\n```mermaid\nerDiagram\n  ORDER ||--o{ LINE_ITEM : contains\n  ORDER ||--o{ PAYMENT has\n```\n\n```mermaid\nclassDiagram\n  class Order {\n    +String id\n```\n',
      findings: [
        {messageId: 'mermaidParse', finding: "7:1 error code-blocks Mermaid flowchart does not parse: expecting 'SQE', 'DOUBLECIRCLEEND', 'PE', '-)', 'STADIUMEND', 'SUBROUTINEEND', ...; got the end of the diagram"},
        {messageId: 'mermaidParse', finding: "13:16 error code-blocks Mermaid erDiagram does not parse: expecting 'COLON', 'STYLE_SEPARATOR'; got 'UNICODE_TEXT'"},
        {messageId: 'mermaidParse', finding: "19:1 error code-blocks Mermaid classDiagram does not parse: expecting 'STRUCT_STOP', 'MEMBER'; got 'EOF_IN_STRUCT'"},
      ],
    },
    {
      name: 'a langium parser error (pie) with its column',
      code: '# T\n\n```mermaid\npie title Traffic\n  "reads" : 80\n  "writes" : many\n```\n',
      findings: [{messageId: 'mermaidParse', finding: '6:14 error code-blocks Mermaid pie does not parse: unexpected character: ->m<-'}],
    },
    {
      name: 'lines after a multi-line %%{init}%% directive are counted',
      code: '# T\n\n```mermaid\n%%{init: {\n  "theme": "dark"\n}}%%\nsequenceDiagram\n  A->>B: hi\n  B-->>A ok\n```\n',
      findings: [{messageId: 'mermaidParse', finding: "9:8 error code-blocks Mermaid sequenceDiagram does not parse: expecting 'TXT'; got 'NEWLINE'"}],
    },
    {
      name: 'mermaidSyntax: false keeps the diagram-type check and skips the parser',
      options: {mermaidSyntax: false},
      code: '# T\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n  B-->>A ok\n```\n\n```mermaid\nsequence\n  A->>B: hi\n```\n',
      findings: [{messageId: 'mermaidType', finding: '10:1 error code-blocks Mermaid block starts with "sequence", which is not a mermaid diagram type'}],
    },
    {
      name: 'a fenced block indented in a list: the column counts the indent',
      code: '# T\n\n- Flow:\n\n  ```mermaid\n  sequenceDiagram\n    A->>B: hi\n    B-->>A ok\n  ```\n',
      findings: [{messageId: 'mermaidParse', finding: "8:10 error code-blocks Mermaid sequenceDiagram does not parse: expecting 'TXT'; got 'NEWLINE'"}],
    },
  ],
});

// One invalid case for each message the tables above do not report (test/rule-messages.test.ts).
ruleTester('code-blocks', {
  profile: 'tech-spec',
  valid: [],
  invalid: [
    {
      name: 'an empty mermaid block, and a participant named with a keyword',
      code: '# T\n\n```mermaid\n\n```\n\n```mermaid\nsequenceDiagram\n  participant Note Service\n  Note Service->>API: hi\n```\n',
      findings: [
        {messageId: 'mermaidEmpty', finding: '3:1 error code-blocks Mermaid block is empty'},
        {
          messageId: 'mermaidKeywordParticipant',
          finding: '10:3 error code-blocks Mermaid sequenceDiagram does not parse: participant "Note Service" starts with the keyword "Note", so mermaid reads a note statement there',
        },
      ],
    },
  ],
});
