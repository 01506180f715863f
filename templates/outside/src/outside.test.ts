import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The path docs/helpers.md (*Starting a package*) gives a newcomer, followed step by step with
// the template outside this workspace: copy it, point it at core and the kit as `pnpm pack`
// tarballs, install, approve esbuild's build, build, typecheck, test, and install what it
// built into a host. Offline: the one thing the docs do not say is the lockfile, seeded here
// from the workspace's (the template's own entries) so that pnpm resolves from the store
// instead of asking the registry for newer versions.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const template = join(root, 'templates/helper-package');

/** The environment for a command of the copy: this test's own vitest settings left out. */
function env(): NodeJS.ProcessEnv {
  const own = Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'TEST');
  return { ...Object.fromEntries(own), npm_config_offline: 'true', NO_COLOR: '1', FORCE_COLOR: '0' };
}

/** Runs `pnpm args` in `cwd`; returns its status and output (stdout and stderr). */
function pnpm(cwd: string, ...args: string[]): { status: number | null; output: string } {
  const r = spawnSync('pnpm', args, { cwd, env: env(), encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/**
 * The workspace lockfile's main document with one importer, `.`: the template's
 * dependencies other than @aither's (those are the tarballs, resolved at install).
 */
function seededLockfile(): string {
  const text = readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8');
  const main = text.slice(text.lastIndexOf('\n---\n') + 5);
  const importers = main.indexOf('\nimporters:\n');
  const packages = main.indexOf('\npackages:\n');
  const lines = main.slice(main.indexOf('\n  templates/helper-package:\n') + 1, packages).split('\n');
  const end = lines.findIndex((line, i) => i > 0 && /^ {2}\S/.test(line)); // the next importer
  const block = end < 0 ? lines : lines.slice(0, end);
  const deps: string[] = [];
  for (let i = 0; i < block.length; i++) {
    const name = /^ {6}(\S.*):$/.exec(block[i]!);
    if (name && !name[1]!.includes('@aither/')) deps.push(block[i]!, block[i + 1]!, block[i + 2]!);
  }
  const head = main.slice(0, importers).replace(/\npatchedDependencies:\n(?: {2}.*\n)+/, '\n');
  return `${head}\nimporters:\n\n  .:\n    devDependencies:\n${deps.join('\n')}\n${main.slice(packages)}`;
}

describe('the helper-package template, outside the workspace', () => {
  it('installs against packed core and kit, builds, typechecks, passes its tests, and plays in a host', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aither-outside-'));
    try {
      // 1. Copy it, without what a build left in it.
      const copy = join(dir, 'my-helpers');
      cpSync(template, copy, { recursive: true, filter: (src) => !/[/\\](node_modules|dist|\.turbo)$/.test(src) });
      // 2. Core and the kit as they would be published, and package.json pointed at them.
      const tarballs = join(dir, 'tarballs');
      for (const pkg of ['core', 'helper-kit']) expect(pnpm(join(root, 'packages', pkg), 'pack', '--pack-destination', tarballs).status).toBe(0);
      const manifest = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8'));
      manifest.name = 'my-helpers';
      delete manifest.private;
      manifest.peerDependencies['@aither/core'] = '^0.1';
      manifest.devDependencies['@aither/core'] = 'file:../tarballs/aither-core-0.1.0.tgz';
      manifest.devDependencies['@aither/helper-kit'] = 'file:../tarballs/aither-helper-kit-0.1.0.tgz';
      writeFileSync(join(copy, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      writeFileSync(join(copy, 'pnpm-lock.yaml'), seededLockfile());
      // 3. The first install stops at esbuild's build script, as the docs say; approving it finishes.
      const first = pnpm(copy, 'install', '--no-frozen-lockfile'); // CI makes a lockfile frozen by default
      expect([first.status, first.output]).toEqual([1, expect.stringContaining('ERR_PNPM_IGNORED_BUILDS')]);
      const approve = pnpm(copy, 'approve-builds', 'esbuild');
      expect([approve.status, approve.output]).toEqual([0, expect.any(String)]);
      expect(readFileSync(join(copy, 'pnpm-workspace.yaml'), 'utf8')).toContain('esbuild: true');
      // 4. Build, typecheck, test.
      for (const script of ['build', 'typecheck']) {
        const r = pnpm(copy, script);
        expect([script, r.status, r.output]).toEqual([script, 0, expect.any(String)]);
      }
      const test = pnpm(copy, 'test');
      expect([test.status, test.output]).toEqual([0, expect.stringMatching(/Test Files {2}4 passed \(4\)/)]);
      expect(test.output).not.toMatch(/failed|todo|skipped/);
      // What it built, installed into a host by the core it was tested with: written into one loop, sounding.
      const host = `
        import { createRuntime, inlineReport } from '@aither/core';
        import * as mine from './dist/index.js';
        const rt = createRuntime({ sampleRate: 48000, channels: 2, install: [mine] });
        rt.evaluate("register('robot', ring(0.5, 30), { fadeSeconds: 0 });");
        const out = new Float32Array(256);
        rt.render(out, 128);
        console.log(JSON.stringify({ report: inlineReport(mine.ring(0.5, 30)), stats: rt.stats(), peak: Math.max(...out), errors: rt.drainErrors().length }));`;
      writeFileSync(join(copy, 'host.mjs'), host);
      const played = JSON.parse(execFileSync('node', ['host.mjs'], { cwd: copy, env: env(), encoding: 'utf8' }));
      expect(played).toMatchObject({ report: null, stats: { compiledSignals: 1, writtenIn: 1 }, peak: 0.5, errors: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
