/**
 * Reading a step's output the way the GitHub Actions runner does
 * (actions/runner, ActionCommand.TryParseV2 and TryParse, and
 * ActionCommandManager): each line, stdout and stderr alike, is a command
 * when, after leading whitespace, it starts with `::name ...::data`; else
 * when it contains the older `##[name ...]data` anywhere. `::stop-commands::T`
 * turns commands off until a line `::T::`. Names are case-insensitive and
 * only registered ones count. Tests use this to check that no text from a
 * document becomes a command.
 */

/** The commands a runner registers (besides the current stop token). */
export const RUNNER_COMMANDS = new Set([
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'warning',
  'error',
  'notice',
  'debug',
  'group',
  'endgroup',
  'echo',
]);

export interface RunnerCommand {
  command: string;
  props: Record<string, string>;
  data: string;
  /** The line as printed. */
  line: string;
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
const unescapeV1 = (s: string) => s.replace(/%3B/g, ';').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%5D/g, ']').replace(/%25/g, '%');

function parseLine(raw: string, registered: Set<string>): RunnerCommand | undefined {
  const line = raw.trimStart();
  if (line.startsWith('::')) {
    const end = line.indexOf('::', 2);
    if (end >= 0) {
      const info = line.slice(2, end);
      const space = info.indexOf(' ');
      const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
      if (registered.has(name)) {
        const props: Record<string, string> = {};
        if (space > 0) {
          for (const pair of info.slice(space + 1).trim().split(',').filter(Boolean)) {
            const i = pair.indexOf('=');
            if (i > 0 && i < pair.length - 1) props[pair.slice(0, i)] = unescapeProperty(pair.slice(i + 1));
          }
        }
        return {command: name, props, data: unescapeData(line.slice(end + 2)), line: raw};
      }
    }
  }
  const at = raw.indexOf('##[');
  if (at < 0) return undefined;
  const close = raw.indexOf(']', at);
  if (close < 0) return undefined;
  const info = raw.slice(at + 3, close);
  const space = info.indexOf(' ');
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  if (!registered.has(name)) return undefined;
  const props: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).split(';').filter(Boolean)) {
      const i = pair.indexOf('=');
      if (i > 0 && i < pair.length - 1) props[pair.slice(0, i)] = unescapeV1(pair.slice(i + 1));
    }
  }
  return {command: name, props, data: unescapeV1(raw.slice(close + 1)), line: raw};
}

/**
 * The commands the runner would act on in `text` (stop-commands and the
 * resuming token included, as it echoes them), in order.
 */
export function runnerCommands(text: string): RunnerCommand[] {
  const out: RunnerCommand[] = [];
  const registered = new Set(RUNNER_COMMANDS);
  let stopToken: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const command = parseLine(line, registered);
    if (!command) continue;
    if (stopToken !== undefined) {
      if (command.command === stopToken.toLowerCase()) {
        registered.delete(stopToken.toLowerCase());
        stopToken = undefined;
        out.push(command);
      }
      continue;
    }
    if (command.command === 'stop-commands') {
      stopToken = command.data;
      registered.add(stopToken.toLowerCase());
    }
    out.push(command);
  }
  return out;
}
