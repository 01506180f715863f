import { describeHelpers } from '@aither/helper-kit';
import { CASES } from './cases.js';
import * as physical from './index.js';

// Every export has a row; every row is written into the loop, bit-exact against
// its closure, continues across reloads, keeps stereo state apart, allocates nothing.
describeHelpers(physical, CASES);
