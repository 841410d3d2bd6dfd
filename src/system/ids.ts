/** The ids of the checks across specs (src/system/), kept apart so the rule catalogue can name them without loading the checks. */
export const SYSTEM_RULE_IDS = ['system-timeout-vs-p99', 'system-availability', 'system-sync-cycle', 'system-event-unpublished', 'system-event-unconsumed', 'system-heading-link'] as const;
export type SystemRuleId = (typeof SYSTEM_RULE_IDS)[number];

export function isSystemRuleId(id: string): boolean {
  return (SYSTEM_RULE_IDS as readonly string[]).includes(id);
}
