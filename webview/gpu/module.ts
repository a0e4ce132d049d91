import type { GpuChunk, GpuChunkSums } from '../../src/core/protocol/gpuProtocol';
import type { ComputeOptions } from './compute';

/** Where the GPU bundle puts its entry points once loaded. */
export const GPU_GLOBAL = '__embeddingEntropyGpu';

/** What the GPU bundle offers the dashboard. */
export interface GpuModule {
  computeChunk(chunk: GpuChunk, opts?: ComputeOptions): GpuChunkSums;
}
