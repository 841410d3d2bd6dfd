/**
 * What the checks across specs (checks.ts) say, as rules say it
 * (`meta.messages`, see src/engine/rule.ts): message id -> template with
 * `{{placeholders}}`, per check. The one place their wording lives.
 */
import {formatMessage, type MessageData} from '../engine/rule.js';
import type {SystemRuleId} from './ids.js';

export const SYSTEM_MESSAGES = {
  'system-timeout-vs-p99': {
    belowP99: 'Timeout {{timeout}} for "{{dependency}}" is below the P99 target of "{{operation}}" ({{p99}}, {{at}}): this call times out on {{callee}}\'s normal tail',
    belowEveryP99:
      'Timeout {{timeout}} for "{{dependency}}" is below every P99 target of {{callee}} (the smallest: {{p99}} for "{{operation}}", {{at}}): this call times out on {{callee}}\'s normal tail',
  },
  'system-availability': {
    aboveDependencies: 'Availability target {{target}}% is above what its critical synchronous dependencies promise: {{arithmetic}}',
  },
  'system-sync-cycle': {
    cycle: 'Critical synchronous dependencies form a cycle: {{path}}',
  },
  'system-event-unpublished': {
    unpublished: 'Event "{{event}}" is consumed from {{source}}, whose published events ({{at}}) do not include it',
  },
  'system-event-unconsumed': {
    unconsumed: 'Event "{{event}}" is published for {{consumer}}, whose consumed events ({{at}}) do not include it',
  },
  'system-heading-link': {
    noHeading: 'Link {{href}} names no heading of {{target}}',
    noHeadingClosest: 'Link {{href}} names no heading of {{target}}: the closest is {{heading}} (#{{slug}}, {{target}}:{{line}})',
  },
} as const satisfies Record<SystemRuleId, Record<string, string>>;

/** The text of a check's message, filled like a rule's (an unknown id or missing data throws). */
export function systemMessage<R extends SystemRuleId>(ruleId: R, messageId: keyof (typeof SYSTEM_MESSAGES)[R] & string, data: MessageData): string {
  return formatMessage({id: ruleId, messages: SYSTEM_MESSAGES[ruleId]}, messageId, data);
}
