import { blockedEngine } from './blocked';
import type { Engine } from './engine';
import { createGpuJsEngine, type GpuJsEngine } from './gpujs';
import { referenceEngine } from './reference';

import type { EngineChoice } from './engineChoice';

export type { EngineChoice };

let gpu: GpuJsEngine | undefined;

/**
 * The engine for a choice. `auto` is the fastest engine measured on this platform: in Node (CLI and
 * the extension host's worker) that is `cpu` — gpu.js has no GL context there and its WebAssembly
 * kernels were slower than the blocked float64 loops (bench/gpujs.mjs). `gpu` is the gpu.js engine
 * (WebAssembly SIMD on its threaded pool here, WebGL where a context exists), created once and
 * logged once with the kernel class it got.
 */
export function selectEngine(choice: EngineChoice = 'auto', log?: (msg: string) => void): Engine {
  switch (choice) {
    case 'auto':
    case 'cpu':
      return blockedEngine;
    case 'reference':
      return referenceEngine;
    case 'gpu':
      gpu ??= createGpuJsEngine({ asyncMode: true, log });
      return gpu;
    default:
      throw new Error(`unknown engine "${String(choice)}"; choose auto, gpu, cpu or reference`);
  }
}

/**
 * Frees the gpu.js engine {@link selectEngine} made (its kernels and WebAssembly worker pool), e.g.
 * after a probe chose another engine; the next `gpu` choice makes a new one.
 */
export async function releaseGpuEngine(): Promise<void> {
  const g = gpu;
  gpu = undefined;
  await g?.destroy();
}
