import {defineRule} from '../src/engine/rule.js';
import {findColumn, matchProfile, specByName, tableById} from '../src/engine/match.js';
import {excerpt} from '../src/lib/text.js';
import {isPlaceholder} from './lib/placeholders.js';
import {compilePattern, patternProblem} from '../src/lib/regex.js';

interface Options {
  /** Declared table of business rules and its id pattern. */
  rulesTable: string;
  ruleIdPattern: string;
  /** Declared table of events and the event-type pattern. */
  eventsTable: string;
  eventTypePattern: string;
  /** Section whose subsection headings are endpoints (`### POST /v1/payments`). */
  endpointsSection: string;
  /** Require endpoint paths under /v1 or /api/v1. */
  versionedPaths: boolean;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const ENDPOINT = /^([A-Za-z]+)\s+(\S+)/;

export default defineRule<Options>({
  meta: {
    id: 'identifiers',
    description:
      'Identifiers are well-formed and unique: business rule ids (BR-001), versioned dotted event types (resource.created.v1), endpoints with a valid HTTP method and path.',
    messages: {
      ruleIdForm: 'Business rule id "{{id}}" is not of the form BR-001',
      duplicateRuleId: 'Business rule id "{{id}}" is used twice (first on line {{first}})',
      eventType: 'Event type "{{event}}" is not dotted and versioned (like resource.created.v1)',
      endpointMethod: 'Endpoint "{{endpoint}}" has no valid HTTP method ({{methods}})',
      endpointPath: 'Endpoint "{{endpoint}}" has no path starting with /',
      endpointVersion: 'Endpoint path {{path}} is not versioned under /v1 or /api/v1',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        rulesTable: {type: 'string'},
        ruleIdPattern: {type: 'string'},
        eventsTable: {type: 'string'},
        eventTypePattern: {type: 'string'},
        endpointsSection: {type: 'string'},
        versionedPaths: {type: 'boolean'},
      },
    },
    defaultOptions: {
      rulesTable: 'business-rules',
      ruleIdPattern: '^BR-\\d{3,}$',
      eventsTable: 'events-published',
      eventTypePattern: '^[a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+\\.v\\d+$',
      endpointsSection: 'API Endpoints',
      versionedPaths: false,
    },
    validateOptions(options) {
      for (const key of ['ruleIdPattern', 'eventTypePattern'] as const) {
        const source = options[key];
        const problem = source === undefined ? undefined : patternProblem(source, '', `/${key}`);
        if (problem) return problem;
      }
      return undefined;
    },
  },
  check({model, profile, options, report}) {
    const rules = tableById(model, profile, options.rulesTable)?.table;
    if (rules) {
      const at = Math.max(findColumn(rules, {name: 'ID', aliases: ['Rule ID', 'Id']}), 0);
      const pattern = compilePattern(options.ruleIdPattern);
      const seen = new Map<string, number>();
      for (const row of rules.rows) {
        const cell = row[at];
        if (!cell?.text || isPlaceholder(cell.text, profile)) continue;
        if (!pattern.test(cell.text)) {
          report({messageId: 'ruleIdForm', data: {id: excerpt(cell.text)}, at: cell.position, hint: `Number rules as BR- and three digits (pattern ${options.ruleIdPattern}), so reviews and code can cite them`});
        }
        const first = seen.get(cell.text);
        if (first !== undefined) report({messageId: 'duplicateRuleId', data: {id: excerpt(cell.text), first}, at: cell.position, hint: 'Give each rule its own id'});
        else seen.set(cell.text, cell.position.start.line);
      }
    }

    const events = tableById(model, profile, options.eventsTable)?.table;
    if (events) {
      const at = Math.max(findColumn(events, {name: 'Event Type', aliases: ['Event', 'Type', 'Name']}), 0);
      const pattern = compilePattern(options.eventTypePattern);
      for (const row of events.rows) {
        const cell = row[at];
        if (cell?.text && !isPlaceholder(cell.text, profile) && !pattern.test(cell.text.replace(/`/g, ''))) {
          report({messageId: 'eventType', data: {event: excerpt(cell.text)}, at: cell.position, hint: 'Name events <resource>.<past-tense verb>.v<version>, so consumers can evolve safely'});
        }
      }
    }

    const spec = specByName(profile, options.endpointsSection);
    const section = spec ? matchProfile(model, profile).bySpec.get(spec)?.section : undefined;
    for (const sub of section?.children ?? []) {
      const m = ENDPOINT.exec(sub.title);
      if (!m) continue;
      const [, method, path] = m;
      const looksLikeEndpoint = METHODS.includes(method!.toUpperCase()) || path!.startsWith('/');
      if (!looksLikeEndpoint) continue;
      if (!METHODS.includes(method!)) {
        report({messageId: 'endpointMethod', data: {endpoint: excerpt(sub.title), methods: METHODS.join(', ')}, at: sub, hint: 'Write the heading as "METHOD /path", the method in capitals'});
      } else if (!path!.startsWith('/')) {
        report({messageId: 'endpointPath', data: {endpoint: excerpt(sub.title)}, at: sub, hint: 'Write the heading as "METHOD /path"'});
      } else if (options.versionedPaths && !/^\/(?:api\/)?v\d+(?:\/|$)/.test(path!)) {
        report({messageId: 'endpointVersion', data: {path: excerpt(path!)}, at: sub, hint: 'Version the API in the path (/api/v1/...), so it can change without breaking clients'});
      }
    }
  },
});
