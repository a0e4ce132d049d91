// Builds the production bundles and packages the extension:
//   node scripts/package.mjs [--out dist-vsix/embedding-entropy.vsix] [--skip-build]
// = node esbuild.mjs --production && vsce package --no-dependencies --out dist-vsix/embedding-entropy.vsix
// then checks what went in: every non-map file of dist/, nothing outside the .vscodeignore allow-list,
// no source map, and prints the VSIX size.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));
const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
const out = resolve(ROOT, outArg >= 0 ? args[outArg + 1] : 'dist-vsix/embedding-entropy.vsix');

function run(cmd, argv, timeoutMs) {
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: timeoutMs });
  if (r.status !== 0) {
    console.error(`package: ${[cmd, ...argv].join(' ')} failed (${r.error?.message ?? (r.signal ? `signal ${r.signal}` : `exit ${r.status}`)})`);
    process.exit(1);
  }
}

if (!args.includes('--skip-build')) run(process.execPath, ['esbuild.mjs', '--production'], 300_000);

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const vsceArgs = ['package', '--no-dependencies', '--out', out];
// Without a repository URL vsce stops to ask (and fails with no terminal); say so and go on.
if (!pkg.repository) {
  console.warn('package: package.json has no "repository"; packaging with --allow-missing-repository');
  vsceArgs.push('--allow-missing-repository');
}
mkdirSync(dirname(out), { recursive: true });
run(process.execPath, [require.resolve('@vscode/vsce/vsce'), ...vsceArgs], 300_000);

// What went in.
const { unzipSync } = require('fflate');
const names = [];
unzipSync(readFileSync(out), { filter: (f) => (names.push(f.name), false) });
const entries = names.filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length));
const walk = (d) => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [relative(ROOT, join(d, n))]));
const problems = [];
for (const f of walk(join(ROOT, 'dist')).filter((f) => !f.endsWith('.map'))) if (!entries.includes(f)) problems.push(`${f} is in dist/ but not in the VSIX (allow its extension in .vscodeignore)`);
for (const e of entries) {
  if (e.endsWith('.map')) problems.push(`${e}: a source map in the VSIX`);
  if (!/^(dist\/|media\/|package\.json$|readme\.md$|changelog\.md$|license(\.txt)?$)/i.test(e)) problems.push(`${e}: outside the allow-list`);
}
if (problems.length) {
  console.error(`package: ${out}\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const kib = statSync(out).size / 1024;
console.log(`package: ${relative(ROOT, out)} ${kib.toFixed(1)} KiB, ${entries.length} files`);
