import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADER } from '@aither/core';
import { fromWav } from '@aither/offline';
import { describe, expect, it } from 'vitest';
import { aither, root, tempDir } from './test-support.js';

describe('aither render', () => {
  it('renders the seed example, reports its level and pitch, and writes a WAV', () => {
    const dir = tempDir();
    const run = aither(['render', join(root, 'examples/seed.js'), '--seconds', '2', '-o', join(dir, 'seed.wav')]);
    expect(run.status).toBe(0);
    const peak = Number(/peak ([\d.]+)/.exec(run.stdout)![1]);
    const hz = Number(/pitch\s+([\d.]+) Hz/.exec(run.stdout)![1]);
    expect(peak).toBeGreaterThan(0.05);
    expect(Math.abs(hz - 440)).toBeLessThan(1);
    // Half a second of delay line at 48 kHz (24000 + 2 spare + write index and length), 5 slots
    // of osc/lowpass/tremolo state, and each of the 4 blocks' header.
    expect(run.stdout).toContain(`helper slots ${24004 + 5 + 4 * HEADER} used`);
    expect(run.stdout).toContain('faults    none');
    const wav = fromWav(readFileSync(join(dir, 'seed.wav')));
    expect([wav.sampleRate, wav.channels, wav.samples.length]).toEqual([48000, 2, 2 * 96000]);
  });

  it('exits 1 and names file, line and column of a syntax error', () => {
    const dir = tempDir();
    const file = join(dir, 'broken.js');
    writeFileSync(file, "play('a', osc(220));\nplay('b', osc(330);\n");
    const run = aither(['render', file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${file}:2:19: Syntax error at line 2, column 19`);
  });
});

describe('--with: a helper package as the user means it', () => {
  it('loads a package by name, and names the package a session needs when it is not loaded', () => {
    const dir = tempDir();
    const file = join(dir, 'harp.js');
    writeFileSync(file, "play('harp', pluck(220));\n");
    const ok = aither(['render', file, '--seconds', '1', '--with', '@aither/helpers-physical']);
    expect(ok.status).toBe(0);
    expect(Number(/peak ([\d.]+)/.exec(ok.stdout)![1])).toBeGreaterThan(0.05);
    const missing = aither(['render', file, '--seconds', '1']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("'pluck' comes from @aither/helpers-physical, which is not installed");
  });

  it('loads a package folder, an entry file, and a package installed beside the session', () => {
    const dir = tempDir();
    const pkg = join(dir, 'node_modules', 'my-helpers');
    mkdirSync(join(pkg, 'lib'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'my-helpers', type: 'module', exports: { '.': './lib/entry.js' } }));
    writeFileSync(join(pkg, 'lib', 'entry.js'), 'export const half = (f) => (s) => 0.5 * f(s);\n');
    const file = join(dir, 'use.js');
    writeFileSync(file, "play('h', half(osc(440)));\n");
    for (const spec of ['my-helpers', pkg, join(pkg, 'lib', 'entry.js')]) {
      const run = aither(['render', file, '--seconds', '0.5', '--with', spec], { cwd: '/' });
      expect(run.stderr).toBe('');
      expect(Number(/peak ([\d.]+)/.exec(run.stdout)![1])).toBeCloseTo(0.5, 2);
    }
  });

  it('says why a package cannot load: not installed, no entry, an error while loading', () => {
    const dir = tempDir();
    const file = join(dir, 's.js');
    writeFileSync(file, "play('a', osc(440));\n");
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'empty', 'package.json'), JSON.stringify({ name: 'empty', main: 'dist/index.js' }));
    writeFileSync(join(dir, 'bad.js'), 'export const x = ;\n');
    const cases: Array<[string, RegExp]> = [
      ['no-such-helpers', /no-such-helpers: no such package installed in .* \(nor with aither\)/],
      [join(dir, 'empty'), /names .*dist\/index\.js, which does not exist; build it first\?/],
      [join(dir, 'bad.js'), /bad\.js: loading .*bad\.js failed: Unexpected token/],
    ];
    for (const [spec, why] of cases) {
      const run = aither(['render', file, '--with', spec]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(why);
    }
  });
});

describe('the command line', () => {
  it('--help exits 0 and lists the commands; a command’s --help lists its options', () => {
    const help = aither(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['play', 'render', 'devices', 'serve', 'send', 'repl']) expect(help.stdout).toContain(command);
    const play = aither(['play', '--help']);
    expect(play.status).toBe(0);
    for (const flag of ['--sink', '--device', '--rate', '--channels', '--latency', '--with', '--record']) expect(play.stdout).toContain(flag);
  });

  it('refuses an unknown flag, an unknown sink, a missing file and a bad number, saying what is valid, exit 1', () => {
    const seed = join(root, 'examples/seed.js');
    const cases: Array<[string[], string]> = [
      [['play', seed, '--bogus'], "unknown option '--bogus'"],
      [['play', seed, '--sink', 'foo'], 'Allowed choices are portaudio, speaker, null, wav'],
      [['play', '/nowhere/s.js', '--sink', 'null'], 'cannot read /nowhere/s.js: no such file'],
      [['render', seed, '--seconds', 'ten'], "--seconds must be a number >= 0, got 'ten'"],
      [['play', seed, '--channels', '2.5'], "--channels must be an integer >= 1, got '2.5'"],
      [['frobnicate'], "unknown command 'frobnicate'"],
    ];
    for (const [args, message] of cases) {
      const run = aither(args);
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr).toContain(message);
    }
  });
});
