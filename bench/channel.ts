// `npm run bench:channel`: what the dashboard-GPU route costs before any GPU work. The same analysis
// (the bench data, 100 anchors, 10 labels, 5 shuffles) runs in the real analysis worker twice: with
// the cpu engine, and with every chunk sent worker → extension-host side (WorkerClient) and computed
// there by the same cpu engine, as a dashboard's GPU would. The difference is the channel: copies,
// transfers and structured clones of each chunk and its sums. A webview adds one more hop (VS Code's
// postMessage) that this does not include. Run `npm run bench` first to write the data.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { blockedEngine } from '../src/core/engines/blocked';
import { chunkRows64, emptySums } from '../src/core/engines/remote';
import { DEFAULT_SETTINGS } from '../src/core/entropy/settings';
import type { GpuChunk } from '../src/core/protocol/gpuProtocol';
import { WorkerClient } from '../src/worker/client';

const N = Number(process.env.BENCH_N ?? 50000);
const D = Number(process.env.BENCH_D ?? 768);
const dir = join('bench', 'data', `${N}x${D}`);
if (!existsSync(join(dir, 'embeddings.npy'))) {
  console.error(`no ${dir}/embeddings.npy: run npm run bench first`);
  process.exit(1);
}
let hostMs = 0;
let chunks = 0;
let bytes = 0;
const client = new WorkerClient(join(process.cwd(), 'dist', 'worker.js'), { info: () => {}, error: (m) => console.error(m) }, async (chunk: GpuChunk) => {
  const t = performance.now();
  const sums = emptySums(chunk);
  blockedEngine.accumulate(chunkRows64(chunk), chunk.count, chunk.codes, chunk.anchors, chunk.settings, sums);
  hostMs += performance.now() - t;
  chunks++;
  bytes += chunk.rows.byteLength;
  return { ...sums, mode: 'cpu on the host side', refined: 0 };
});
const request = {
  file: join(dir, 'embeddings.npy'),
  labels: join(dir, 'labels.tsv'),
  settings: { ...DEFAULT_SETTINGS, bins: 100, seed: 0, shuffles: 5 },
};
const info = { webgl2: true, renderer: 'bench: cpu on the host side', vendor: '', software: false, maxTextureSize: 16384 };
async function main(): Promise<void> {
  await client.analyse({ ...request, engine: 'cpu', maxRows: 2000 }); // start the worker, warm the code
  let t = performance.now();
  const local = await client.analyse({ ...request, engine: 'cpu' });
  const localWall = (performance.now() - t) / 1000;
  t = performance.now();
  const routed = await client.analyse({ ...request, engine: 'gpu', webviewGpu: info });
  const routedWall = (performance.now() - t) / 1000;
  // The same reads and the same engine on the same chunks both times: the difference is the channel.
  const channel = routedWall - localWall;
  console.log(`Data: ${N} × ${D}, 100 anchors, 10 labels, 5 shuffles`);
  console.log(`cpu engine in the worker:           ${localWall.toFixed(3)} s (compute ${local.seconds.toFixed(3)} s)`);
  console.log(`every chunk through the GPU channel: ${routedWall.toFixed(3)} s (${chunks} chunks, ${(bytes / 2 ** 20).toFixed(0)} MiB of rows sent; compute on the host side ${(hostMs / 1000).toFixed(3)} s)`);
  console.log(`channel cost: ${channel.toFixed(3)} s in all, ${((channel * 1000) / chunks).toFixed(1)} ms per chunk; |ΔH| = ${Math.abs((routed.entropy ?? 0) - (local.entropy ?? 0)).toExponential(2)}`);
}

main().finally(() => client.dispose());
