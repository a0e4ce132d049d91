// The dashboard's GPU bundle (gpu.js and the engine), loaded by the dashboard only when the extension
// first sends it rows to process, so dashboards that never compute, and the standalone report, stay small.
import { computeChunk } from './compute';
import { GPU_GLOBAL, type GpuModule } from './module';

(globalThis as unknown as Record<string, GpuModule>)[GPU_GLOBAL] = { computeChunk };
