// Stryker's vitest runner runs the tests in worker threads, which refuse `--expose-gc`
// in execArgv. The flag can still be set from inside: the zero-GC tests then find
// `gc` as they do under the shared config's forks.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
(globalThis as { gc?: () => void }).gc = runInNewContext('gc');
