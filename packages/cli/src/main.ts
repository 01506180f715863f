#!/usr/bin/env node
// The `aither` command. The commands that play live run in a node whose heap
// does not pause them (steady-heap.ts): they relaunch before loading anything else.
import { relaunchSteady } from './steady-heap.js';

const LIVE = new Set(['play', 'serve']);
const steady = LIVE.has(process.argv[2] ?? '') ? relaunchSteady() : undefined;
if (steady) process.exit(await steady);
else await import('./program.js');
