// Builds every bundle of the product: the CLI, the analysis worker, the extension host (and the
// webview bundles as they are written). `--production` minifies and drops sourcemaps; `--watch` rebuilds.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions[]} */
const bundles = [
  {
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    // gpu.js tries require('gl') (headless-gl, a native addon we never ship) inside a try/catch;
    // h5wasm is dist/h5wasm.js, loaded when an HDF5 file is opened (src/node/useBundledH5wasm.ts).
    external: ['gl', 'h5wasm'],
  },
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    // gpu: the dashboard's GPU engine (gpu.js), loaded by the dashboard on first use.
    entryPoints: { dashboard: 'webview/dashboard/main.ts', overview: 'webview/overview/main.ts', gpu: 'webview/gpu/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    entryPoints: ['src/worker/main.ts'],
    outfile: 'dist/worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['gl', 'h5wasm'],
  },
  {
    // HDF5 support for the CLI and the worker, kept out of their bundles (see above).
    entryPoints: ['src/node/h5wasmBundle.ts'],
    outfile: 'dist/h5wasm.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
];

const common = { bundle: true, minify: production, sourcemap: !production, logLevel: 'warning' };

if (watch) {
  const contexts = await Promise.all(bundles.map((b) => esbuild.context({ ...common, ...b })));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] build started');
} else {
  await Promise.all(bundles.map((b) => esbuild.build({ ...common, ...b })));
}
