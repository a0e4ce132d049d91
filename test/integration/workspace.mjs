// The folder the integration suites open in VS Code (see test/fixtures/integration/README.md): the
// committed template, fixtures copied from the other fixture folders, a corrupt .npy, and a
// 200 000 × 128 float32 .npy made once into a cache (never committed) and hard-linked in.
import { closeSync, copyFileSync, cpSync, existsSync, linkSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './setup.mjs';

/**
 * The file the cancel scenario cancels: about 40 s of work for the reference engine with 1000
 * anchors. 128 dims, not 256: the analysis notices a cancel once per chunk of 4096 rows, and at 256
 * dims one chunk takes 1.6–2.5 s here, more than the 2 s the scenario allows (EE_IT_BIG_DIM=256
 * shows it).
 */
export const BIG = { rows: 200_000, dim: Number(process.env.EE_IT_BIG_DIM ?? 128) };

/** A .npy v1.0 header for a C-order little-endian float32 array of `shape`. */
function npyHeader(shape) {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = Buffer.alloc(total, 0x20);
  header.write('\x93NUMPY', 0, 'latin1');
  header[6] = 1;
  header[7] = 0;
  header.writeUInt16LE(total - 10, 8);
  header.write(dict, 10, 'latin1');
  header[total - 1] = 0x0a;
  return header;
}

/** Writes rows × dim float32 noise in [-0.5, 0.5) (xorshift32, so every run has the same file). */
function writeNoiseNpy(path, rows, dim) {
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, npyHeader([rows, dim]));
    const chunkRows = 8192;
    const buf = new Float32Array(chunkRows * dim);
    let s = 0x2545f491;
    for (let r = 0; r < rows; r += chunkRows) {
      const n = Math.min(chunkRows, rows - r) * dim;
      for (let i = 0; i < n; i++) {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        buf[i] = (s >>> 0) / 4294967296 - 0.5;
      }
      writeSync(fd, new Uint8Array(buf.buffer, 0, n * 4));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** The big .npy in the cache, written when missing. */
export function bigNpy() {
  const path = join(ROOT, 'test-results', 'integration', 'cache', `big-${BIG.rows}x${BIG.dim}.npy`);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeNoiseNpy(path, BIG.rows, BIG.dim);
  }
  return path;
}

/** Lays out a fresh workspace at `dir` and returns `dir`. */
export function makeWorkspace(dir) {
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(ROOT, 'test', 'fixtures', 'integration', 'workspace'), dir, { recursive: true });
  const fx = (...p) => join(ROOT, 'test', 'fixtures', ...p);
  for (const stem of ['clustered', 'plane2d']) {
    copyFileSync(fx('metrics', `${stem}.npy`), join(dir, `${stem}.npy`));
    copyFileSync(fx('metrics', `${stem}.tsv`), join(dir, `${stem}.labels.tsv`));
  }
  copyFileSync(fx('safetensors', 'main.safetensors'), join(dir, 'main.safetensors'));
  // A header for 1000 × 16 float32 followed by 64 bytes of data: the reader must refuse it.
  writeFileSync(join(dir, 'corrupt.npy'), Buffer.concat([npyHeader([1000, 16]), Buffer.alloc(64)]));
  mkdirSync(join(dir, 'long'));
  const big = bigNpy();
  try {
    linkSync(big, join(dir, 'long', 'big.npy'));
  } catch {
    copyFileSync(big, join(dir, 'long', 'big.npy'));
  }
  return dir;
}
