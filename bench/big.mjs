// `npm run bench:big`: a .npy several times larger than the memory the process may use, analysed with
// the address space capped (ulimit -v), and the peak resident memory reported — it must not grow with N.
// Sizes: BIG_ROWS (default 1 500 000) × 768 float32 ≈ 4.6 GB; cap BIG_LIMIT_KB (default 2 000 000 ≈ 1.9 GiB).
// The file is written in pieces (never held in memory) under bench/data/.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const rows = Number(process.env.BIG_ROWS ?? 1_500_000);
const dim = 768;
const limitKb = Number(process.env.BIG_LIMIT_KB ?? 2_000_000);
const file = join('bench', 'data', `big-${rows}x${dim}.npy`);

if (!existsSync(file)) {
  mkdirSync(join('bench', 'data'), { recursive: true });
  console.log(`Writing ${file} …`);
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${dim}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre.writeUInt16LE(header.length, 8);
  const fd = openSync(file, 'w');
  writeSync(fd, Buffer.concat([pre, Buffer.from(header, 'latin1')]));
  const block = 10_000;
  let state = 12345;
  for (let start = 0; start < rows; start += block) {
    const n = Math.min(block, rows - start);
    const f = new Float32Array(n * dim);
    for (let i = 0; i < f.length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0; // a cheap LCG: the data only needs to be non-degenerate
      f[i] = state / 2 ** 31 - 1;
    }
    writeSync(fd, new Uint8Array(f.buffer));
  }
  closeSync(fd);
}
const gb = statSync(file).size / 1e9;
console.log(`File: ${rows} × ${dim} float32 = ${gb.toFixed(2)} GB; address space capped at ${(limitKb / 1024 / 1024).toFixed(2)} GiB (ulimit -v ${limitKb})`);
const t0 = performance.now();
const r = spawnSync('bash', ['-c', `ulimit -v ${limitKb} && exec "${process.execPath}" bench/runOurs.cjs analyse "${file}" --no-sidecar --shuffles 0 --json`], { encoding: 'utf8', maxBuffer: 1 << 26 });
const wall = (performance.now() - t0) / 1000;
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const result = JSON.parse(r.stdout);
const rss = Number(/peakRssMB=([\d.]+)/.exec(r.stderr)?.[1]);
console.log(`analysed ${result.rows} rows in ${result.seconds.toFixed(1)} s (${wall.toFixed(1)} s wall), ${result.engine} engine; H(Z) = ${result.entropy.toFixed(6)}`);
console.log(`peak RSS ${rss.toFixed(0)} MB for a ${gb.toFixed(2)} GB file`);
