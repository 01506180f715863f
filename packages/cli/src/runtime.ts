import { createRuntime, type Runtime } from '@aither/core';
import * as helpers from '@aither/helpers';
import { dirname } from 'node:path';
import { KNOWN_PACKAGES, loadPackage } from './packages.js';

/** What every command that runs a session is given. */
export interface RuntimeChoice {
  sampleRate: number;
  channels: number;
  /** `--with` packages, as the user wrote them. */
  with: string[];
  /** The session file, whose folder is where package names are looked up first. */
  file?: string;
  /** Plays live: new loops warm on their closures first (see `tiered` in `@aither/core`). */
  live?: boolean;
}

/** A runtime with the helpers, the `--with` packages, and the catalogue of known packages that are not loaded. */
export async function makeRuntime(choice: RuntimeChoice): Promise<Runtime> {
  const bases = [...(choice.file ? [dirname(choice.file)] : []), process.cwd()];
  const extra: Record<string, unknown>[] = [];
  for (const spec of choice.with) extra.push(await loadPackage(spec, bases));
  const runtime = createRuntime({ sampleRate: choice.sampleRate, channels: choice.channels, install: [helpers, ...extra], tiered: choice.live === true });
  for (const [pkg, names] of Object.entries(KNOWN_PACKAGES)) if (!choice.with.includes(pkg)) runtime.catalog(pkg, names);
  return runtime;
}
