// Bundles the integration suites (test/integration/suite/*.ts) into CommonJS files the extension host
// can require: suite/index.js (the mocha entry both launchers call) and one file per *.test.ts.
// `vscode` stays external (the extension host provides it) and `mocha` resolves to mocha's own CJS
// build in node_modules, so the entry and every suite share one mocha instance. Nothing here goes
// into the VSIX.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './setup.mjs';

export const BUILD = join(ROOT, 'test-results', 'integration', 'build');

/** Builds the suites; returns the path of the mocha entry (exports `run()`). */
export async function buildSuites() {
  const mochaCjs = join(createRequire(join(ROOT, 'package.json')).resolve('mocha/package.json'), '..', 'lib', 'mocha.cjs');
  const dir = join(ROOT, 'test', 'integration', 'suite');
  const entries = readdirSync(dir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  rmSync(join(BUILD, 'suite'), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries.map((f) => join(dir, f)),
    outdir: join(BUILD, 'suite'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
    external: ['vscode'],
    plugins: [
      {
        name: 'mocha-cjs',
        setup(b) {
          b.onResolve({ filter: /^mocha$/ }, () => ({ path: mochaCjs, external: true }));
        },
      },
    ],
  });
  return join(BUILD, 'suite', 'index.js');
}

if (process.argv[1] && process.argv[1].endsWith('build.mjs')) {
  console.log(await buildSuites());
}
