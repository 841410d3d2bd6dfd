/**
 * error-classification: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

const errors = (rows: string) =>
  `# Payments\n\n## Error Handling\n\n### Error Classification\n\n| Error Type | HTTP Status | Error Code | Retry | Log Level |\n|---|---|---|---|---|\n${rows}\n`;

ruleTester('error-classification', {
  profile: 'backend-spec',
  valid: [
    errors('| ValidationError | 400 | VALIDATION_FAILED | No | WARN |\n| IdempotencyConflict | 422 | IDEMPOTENCY_KEY_REUSED | No | WARN |\n| ExternalServiceError | 503 | SERVICE_UNAVAILABLE | Yes (backoff) | ERROR |'),
  ],
  invalid: [
    {
      name: 'status out of range, wrong class, bad code, duplicate code, retry not yes/no',
      code: errors(
        '| ValidationError | 500 | VALIDATION_FAILED | No | WARN |\n| NotFoundError | 4040 | notFound | No | INFO |\n| InternalError | 500 | VALIDATION_FAILED | Maybe | ERROR |',
      ),
      findings: [
        {messageId: 'unexpectedStatus', finding: '9:21 error error-classification ValidationError is a validation error but maps to HTTP 500; expected 4xx'},
        {messageId: 'statusNotCode', finding: '10:19 error error-classification HTTP status "4040" of NotFoundError is not a status code (100-599)'},
        {messageId: 'codeCase', finding: '10:26 error error-classification Error code "notFound" is not UPPER_SNAKE_CASE'},
        {messageId: 'duplicateCode', finding: '11:25 error error-classification Error code "VALIDATION_FAILED" is used twice (first on line 9)'},
        {messageId: 'retryNotYesNo', finding: '11:45 error error-classification Retry "Maybe" of InternalError is not yes or no'},
      ],
    },
  ],
});

ruleTester('error-classification', {
  profile: 'backend-spec',
  valid: [errors('| RequestTimeout | 408 | REQUEST_TIMEOUT | Yes | WARN |\n| UpstreamTimeout | 504 | UPSTREAM_TIMEOUT | Yes | ERROR |')],
  invalid: [],
});
