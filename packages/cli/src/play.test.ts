import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromWav } from '@aither/offline';
import { describe, expect, it } from 'vitest';
import { aither, aitherBackground, pitch, tempDir, until } from './test-support.js';

const RATE = 48000;

describe('aither play', () => {
  it('plays what `aither render` renders, sample for sample', async () => {
    const dir = tempDir();
    const file = join(dir, 's.js');
    writeFileSync(file, "play('a', pipe(saw(220), x => lpf(x, 900, 0.5), x => pan(x, 0.3), x => gain(x, 0.3)));\n");
    const live = aither(['play', file, '--sink', 'null', '--seconds', '1', '--record', join(dir, 'take.wav')]);
    expect(live.status).toBe(0);
    const offline = aither(['render', file, '--seconds', '1', '-o', join(dir, 'offline.wav')]);
    expect(offline.status).toBe(0);
    const take = fromWav(readFileSync(join(dir, 'take.wav'))).samples;
    const reference = fromWav(readFileSync(join(dir, 'offline.wav'))).samples;
    // Up to the exit's fade, which starts after 1 s of wall time, at least 0.5 s is the same.
    const n = RATE; // frames compared: 0.5 s, stereo
    let differ = -1;
    for (let i = 0; i < n && differ < 0; i++) if (take[i] !== reference[i]) differ = i;
    expect(differ).toBe(-1);
  });

  it('reloads on every save (in place and by rename) with the phase kept; a syntax error is printed and the sound goes on', async () => {
    const dir = tempDir();
    const file = join(dir, 'live.js');
    const tone = (hz: number) => `play('tone', gain(osc(${hz}), 0.3));\n`;
    writeFileSync(file, tone(440));
    const run = aitherBackground(['play', file, '--sink', 'null', '--seconds', '3.2', '--record', join(dir, 'take.wav')]);
    await until(() => run.output().includes('loaded'), 10_000, 'the first load');
    await new Promise((r) => setTimeout(r, 800));
    writeFileSync(file, tone(660)); // in place
    await until(() => run.output().includes('reloaded'), 5000, 'the reload');
    await new Promise((r) => setTimeout(r, 700));
    writeFileSync(join(dir, 'live.js.swp'), "play('tone', gain(osc(660), 0.3);\n"); // vim: write aside, rename over
    renameSync(join(dir, 'live.js.swp'), file);
    await until(() => /live\.js:1:\d+: /.test(run.output()), 5000, 'the syntax error');
    expect(await run.exited).toBe(0);
    const out = run.output();
    expect(out).toMatch(/live\.js:1:33: Syntax error/);
    expect(out).toContain('(the previous code plays on)');
    expect(out).toMatch(/played 3\.\d\d s, \d+ underruns \([\d.]+ ms; \d+ while Aither was busy\), peak 0\.300 \(-10\.5 dBFS\)/);

    const take = fromWav(readFileSync(join(dir, 'take.wav'))).samples;
    const frames = take.length / 2;
    // Where the pitch changed: the first 10 ms window whose pitch is 660.
    let change = -1;
    for (let at = 0; at + 480 < frames && change < 0; at += 240) if (Math.abs(pitch(take, at, at + 960) - 660) < 5) change = at;
    expect(change).toBeGreaterThan(0.5 * RATE);
    expect(pitch(take, 0.1 * RATE, change - 960)).toBeCloseTo(440, 0);
    // After the change, through the syntax error, to the exit fade: 660 Hz throughout.
    expect(pitch(take, change + 960, frames - 0.2 * RATE)).toBeCloseTo(660, 0);
    // No gap and no phase reset: consecutive samples never jump more than a 660 Hz sine at 0.3 can.
    let jump = 0;
    for (let i = 1; i < frames - 0.15 * RATE; i++) jump = Math.max(jump, Math.abs(take[i * 2]! - take[(i - 1) * 2]!));
    expect(jump).toBeLessThanOrEqual(0.3 * 2 * Math.sin((Math.PI * 660) / RATE) * 1.0001);
    let silent = 0;
    let longest = 0;
    for (let i = 0.05 * RATE; i < frames - 0.2 * RATE; i++) {
      silent = take[i * 2] === 0 && take[i * 2 + 1] === 0 ? silent + 1 : 0;
      longest = Math.max(longest, silent);
    }
    expect(longest).toBeLessThan(3);
  });

  it('fades out on Ctrl-C and exits 0 with its summary line', async () => {
    const dir = tempDir();
    const file = join(dir, 's.js');
    writeFileSync(file, "play('a', gain(osc(440), 0.25));\n");
    const run = aitherBackground(['play', file, '--sink', 'wav', '--out', join(dir, 'take.wav')]);
    await until(() => run.output().includes('loaded'), 10_000, 'the load');
    await new Promise((r) => setTimeout(r, 500));
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/played \d+\.\d\d s, \d+ underruns/);
    const take = fromWav(readFileSync(join(dir, 'take.wav'))).samples;
    // It ends faded out, not cut: the last 10 ms are silent.
    expect(take.subarray(take.length - 960).every((v) => v === 0)).toBe(true);
    expect(Math.max(...take.subarray(0, 48000).map(Math.abs))).toBeCloseTo(0.25, 3);
  });

  it('plays in a node without the memory reducer; a Ctrl-C that arrives twice (the terminal reaches both processes) still fades and exits 0', async () => {
    const dir = tempDir();
    const file = join(dir, 's.js');
    writeFileSync(file, "play('a', gain(osc(440), 0.25));\n");
    const run = aitherBackground(['play', file, '--sink', 'wav', '--out', join(dir, 'take.wav'), '--stats']);
    await until(() => run.output().includes('heap'), 10_000, 'the stats');
    expect(run.output()).toContain('heap      steady (--no-memory-reducer)');
    await new Promise((r) => setTimeout(r, 300));
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    const take = fromWav(readFileSync(join(dir, 'take.wav'))).samples;
    expect(take.subarray(take.length - 960).every((v) => v === 0)).toBe(true);
  });

  it('prints a signal fault once, and the other signals play on', async () => {
    const dir = tempDir();
    const file = join(dir, 'faulty.js');
    writeFileSync(file, "play('ok', gain(osc(440), 0.2));\nplay('bad', s => (s.t > 0.2 ? NaN : 0));\n");
    const run = aither(['play', file, '--sink', 'null', '--seconds', '1']);
    expect(run.status).toBe(0);
    const faults = run.stderr.split('\n').filter((l) => l.startsWith('fault: '));
    expect(faults.length).toBe(1);
    expect(faults[0]).toContain("'bad'");
    expect(run.stdout).toMatch(/peak 0\.200/);
  });
});
