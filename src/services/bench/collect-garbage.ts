/**
 * A full GC before each memory reading, so that "memory per call" compares live sets rather than whatever
 * garbage happened to be uncollected. `--expose-gc` can be switched on at run time; a new V8 context then
 * sees the `gc` function. If that ever fails (another engine), readings are taken without it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;
try {
  setFlagsFromString('--expose-gc');
  gc = runInNewContext('gc') as () => void;
} catch {
  gc = undefined;
}

export function memoryAfterGc(): NodeJS.MemoryUsage {
  gc?.();
  return process.memoryUsage();
}
