import {Chalk, type ChalkInstance} from '../lib/vendor.js';

/**
 * Colour for a report: --color / --no-color, else FORCE_COLOR (0 or false:
 * none; 1, 2, 3 or empty: that level), else NO_COLOR (set and not empty:
 * none), else whether stdout is a colour terminal (`isColorTerminal`, or
 * chalk's own detection when that is undefined).
 */
export function makeChalk(option: boolean | undefined, isColorTerminal: boolean | undefined, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  if (option === false) return new Chalk({level: 0});
  if (option === true) return new Chalk({level: 1});
  const force = env['FORCE_COLOR'];
  if (force !== undefined) {
    if (force === '0' || force === 'false') return new Chalk({level: 0});
    const level = Number(force);
    return new Chalk({level: level >= 1 && level <= 3 ? (level as 1 | 2 | 3) : 1});
  }
  if (env['NO_COLOR']) return new Chalk({level: 0});
  if (isColorTerminal !== undefined) return new Chalk({level: isColorTerminal ? 1 : 0});
  return new Chalk();
}
