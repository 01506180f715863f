import { describeHelpers } from '@aither/helper-kit';
import { CASES } from './cases.js';
import * as helpers from './index.js';

// Every exported helper, by its row in the table: written into the loop,
// bit-exact against its closure, reload continuity, stereo, no GC.
describeHelpers(helpers, CASES);
