/**
 * The one reader for config and profile files (YAML or JSON): the
 * `.speclintrc.*` files, profile files a config names, and the built-in
 * profiles in rules/profiles/. A regular file of sane size only (a FIFO or
 * device named as a config must not hang the run), parsed quietly (see
 * yaml.ts). Every problem is a one-line UsageError naming the file.
 */
import {UsageError} from './errors.js';
import {errorCode, FileRefused, readRegularFile} from './safe-io.js';
import {configYaml, oneLine} from './yaml.js';

/** Config and profile files larger than this are refused (real ones are a few KB). */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * Read and parse `path`: JSON when it ends in .json, else YAML.
 * `cannotRead` words the error when the file cannot be read, given why.
 */
export function readDataFile(path: string, cannotRead: (why: string) => string): unknown {
  let text: string;
  try {
    text = readRegularFile(path, MAX_CONFIG_BYTES, '; not read').buffer.toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = error instanceof FileRefused ? error.message : code === 'ENOENT' ? 'no such file' : errorCode(error);
    throw new UsageError(cannotRead(why));
  }
  const json = path.toLowerCase().endsWith('.json');
  try {
    // yaml is loaded only for a YAML file (~35 ms at start-up otherwise).
    return json ? JSON.parse(text) : configYaml(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid ${json ? 'JSON' : 'YAML'}: ${oneLine(error)}`);
  }
}
