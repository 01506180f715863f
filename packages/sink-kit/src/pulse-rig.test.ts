import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setupPulseRig } from './pulse-rig.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A rig folder as an earlier run leaves it, owned by `pid`. */
function leftBehind(pid: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'aither-pulse-'));
  writeFileSync(join(dir, 'owner'), String(pid));
  made.push(dir);
  return dir;
}

describe('setupPulseRig', () => {
  it('removes the rigs of runs that ended without their teardown, and leaves those of runs still going', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const stale = leftBehind(Number(gone.stdout));
    const live = leftBehind(process.pid);
    const teardown = await setupPulseRig();
    try {
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      await teardown();
    }
  });
});
