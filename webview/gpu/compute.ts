import { createGpuJsEngine, type GpuJsEngine } from '../../src/core/engines/gpujs';
import { chunkRows64, emptySums } from '../../src/core/engines/remote';
import type { GpuChunk, GpuChunkSums } from '../../src/core/protocol/gpuProtocol';

let engine: GpuJsEngine | undefined;

/** How the page's WebGL2 was found (the first call's options make the engine). */
export interface ComputeOptions {
  /** Where gpu.js's one line on the backend it got goes. */
  log?: (msg: string) => void;
  /** The probe's MAX_TEXTURE_SIZE, which bounds rows per kernel call. */
  maxTextureSize?: number;
}

/** Throws unless the chunk's arrays have the shapes its counts promise (a wrong one would write out of bounds). */
function check(c: GpuChunk): void {
  const { n, d, w } = c.anchors;
  const bad = (why: string): never => {
    throw new Error(`malformed GPU chunk: ${why}`);
  };
  if (!(Number.isInteger(n) && n > 0 && Number.isInteger(d) && d > 0)) bad('anchor shape');
  if (!(w instanceof Float64Array) || w.length !== n * d) bad('anchors');
  if (!(c.rows instanceof Float64Array || c.rows instanceof Float32Array) || c.rows.length !== c.count * d) bad('rows');
  if (c.codes.length !== c.groupValues.length) bad('groups');
  c.codes.forEach((codes, g) => {
    if (!(codes instanceof Int32Array) || codes.length !== c.count) bad(`codes of group ${g}`);
    const values = c.groupValues[g];
    for (let i = 0; i < codes.length; i++) if (codes[i] >= values || codes[i] < -1) bad(`code ${codes[i]} in group ${g}`);
  });
}

/**
 * The dashboard's GPU engine: the gpu.js engine on this page's WebGL2 (float32 similarities on the
 * GPU, float64 refinement, smoothing and sums here), run on one chunk from zero sums.
 */
export function computeChunk(chunk: GpuChunk, opts: ComputeOptions = {}): GpuChunkSums {
  const t0 = performance.now();
  check(chunk);
  // Four rows per output texel: a call's output is (rows / 4) texels high, within MAX_TEXTURE_SIZE.
  const maxRowsPerCall = opts.maxTextureSize ? Math.max(4, Math.min(8192, 4 * opts.maxTextureSize)) : undefined;
  engine ??= createGpuJsEngine({ mode: 'webgl2', log: opts.log, maxRowsPerCall });
  const before = engine.stats.refined;
  const sums = emptySums(chunk);
  engine.accumulate(chunkRows64(chunk), chunk.count, chunk.codes, chunk.anchors, chunk.settings, sums);
  return { ...sums, mode: engine.mode, refined: engine.stats.refined - before, computeMs: performance.now() - t0 };
}
