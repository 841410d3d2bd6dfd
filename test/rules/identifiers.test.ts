/**
 * identifiers: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

ruleTester('identifiers', {
  profile: 'backend-spec',
  valid: [
    '# P\n\n## Business Logic\n\n### Business Rules\n\n| ID | Rule | Implementation | Validation Point |\n|---|---|---|---|\n| BR-001 | Amount > 0 | Validator | Service layer |\n| BR-002 | One capture | Constraint | Database |\n',
  ],
  invalid: [
    {
      name: 'malformed and duplicate business rule ids',
      code: '# P\n\n## Business Logic\n\n### Business Rules\n\n| ID | Rule | Implementation | Validation Point |\n|---|---|---|---|\n| BR-1 | Amount > 0 | Validator | Service layer |\n| BR-002 | One capture | Constraint | Database |\n| BR-002 | Refund cap | Validator | Service layer |\n',
      findings: [
        {messageId: 'ruleIdForm', finding: '9:3 error identifiers Business rule id "BR-1" is not of the form BR-001'},
        {messageId: 'duplicateRuleId', finding: '11:3 error identifiers Business rule id "BR-002" is used twice (first on line 10)'},
      ],
    },
    {
      name: 'event types not dotted and versioned',
      code: '# P\n\n## Events\n\n### Events Published\n\n| Event Type | Trigger | Idempotent Key | Ordering | TTL |\n|---|---|---|---|---|\n| payment.captured.v1 | Commit | event_id | Per payment | 30d |\n| PaymentRefunded | Commit | event_id | Per payment | 30d |\n',
      findings: [{messageId: 'eventType', finding: '10:3 error identifiers Event type "PaymentRefunded" is not dotted and versioned (like resource.created.v1)'}],
    },
  ],
});

ruleTester('identifiers', {
  profile: 'tech-spec',
  valid: ['# T\n\n## API Endpoints\n\n### POST /api/v1/orders\n\nCreates.\n\n### GET /api/v1/orders/{id}\n\nReads.\n'],
  invalid: [
    {
      name: 'endpoint headings with a bad method or path; versioned paths required',
      options: {versionedPaths: true},
      code: '# T\n\n## API Endpoints\n\n### FETCH /api/v1/orders\n\nx\n\n### post orders\n\nx\n\n### DELETE /orders/{id}\n\nx\n',
      findings: [
        {messageId: 'endpointMethod', finding: '5:1 error identifiers Endpoint "FETCH /api/v1/orders" has no valid HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)'},
        {messageId: 'endpointMethod', finding: '9:1 error identifiers Endpoint "post orders" has no valid HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)'},
        {messageId: 'endpointVersion', finding: '13:1 error identifiers Endpoint path /orders/{id} is not versioned under /v1 or /api/v1'},
      ],
    },
  ],
});

// One invalid case for each message the tables above do not report (test/rule-messages.test.ts).
ruleTester('identifiers', {
  profile: 'tech-spec',
  valid: [],
  invalid: [
    {
      name: 'an endpoint whose path does not start with /',
      code: '# T\n\n## API Endpoints\n\n### DELETE orders/{id}\n\nCancels an order.\n',
      findings: [{messageId: 'endpointPath', finding: '5:1 error identifiers Endpoint "DELETE orders/{id}" has no path starting with /'}],
    },
  ],
});
