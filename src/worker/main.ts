// The analysis worker: one per VS Code window, started lazily by WorkerClient. It reads files itself
// in chunks, so file bytes never cross postMessage; only progress and small results go back, except
// when a dashboard's GPU runs the engine: then each chunk's rows go to the host (transferred, not
// copied) for that dashboard, and its sums come back.
import { parentPort } from 'node:worker_threads';
import type { GpuEnvelope, GpuRequest, GpuResponse } from '../core/protocol/gpuProtocol';
import { RpcClient, RpcServer, buffersOf, type RpcEnvelope } from '../core/protocol/rpc';
import type { WorkerNotification, WorkerRequest, WorkerResponse } from '../core/protocol/workerProtocol';
import { analyseFile } from '../node/analyseFile';
import { inspectFile } from '../node/inspectFile';
import { projectFile } from '../node/projectFile';
import { sensitivity } from '../node/sensitivity';
import { useBundledH5wasm } from '../node/useBundledH5wasm';
import { WEBVIEW_ENGINE, engineFor, type GpuSend } from './engineFor';
import type { Engine } from '../core/engines/engine';
import type { RemoteEngine } from '../core/engines/remote';

/** Progress at most about once a second, always at the end of a layer. */
function throttled(notify: (n: WorkerNotification) => void): (p: { rowsDone: number; rowsTotal: number; layer: number }) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 1000 && p.rowsDone < p.rowsTotal) return;
    last = now;
    notify({ type: 'progress', ...p });
  };
}

/** Where the time of a run on the dashboard's GPU went: its computing, and the channel around it. */
function logRemote(engine: Engine, log: (msg: string) => void): void {
  if (engine.name !== WEBVIEW_ENGINE) return;
  const { chunks, rows, roundTripMs, computeMs } = (engine as RemoteEngine).stats;
  if (chunks === 0) return;
  log(
    `dashboard GPU: ${rows} rows in ${chunks} chunks; round trips ${(roundTripMs / 1000).toFixed(2)} s, of which computing in the dashboard ` +
      `${(computeMs / 1000).toFixed(2)} s and the channel (copies, postMessage hops) ${((roundTripMs - computeMs) / 1000).toFixed(2)} s`,
  );
}

async function handle(req: WorkerRequest, ctx: { signal: AbortSignal; notify(n: WorkerNotification): void }, gpu: GpuSend): Promise<WorkerResponse> {
  switch (req.type) {
    case 'analyse': {
      const log = (message: string): void => ctx.notify({ type: 'log', message });
      const engine = await engineFor(req.request.engine, req.request.webviewGpu, gpu, log, undefined, ctx.signal);
      const run = await analyseFile(req.request, { onProgress: throttled(ctx.notify), signal: ctx.signal, engine });
      logRemote(engine, log);
      return { type: 'analysed', result: run.result };
    }
    case 'inspect':
      return { type: 'inspected', overview: await inspectFile(req.file, { tensor: req.tensor, column: req.column }) };
    case 'sensitivity': {
      const { request, ...scan } = req;
      const engine = await engineFor(request.engine, request.webviewGpu, gpu, (message) => ctx.notify({ type: 'log', message }), undefined, ctx.signal);
      return { type: 'sensitivity', result: await sensitivity(request, scan, { onProgress: throttled(ctx.notify), signal: ctx.signal, engine }) };
    }
    case 'project':
      return { type: 'projection', result: await projectFile(req.request, req.layer, ctx.signal) };
  }
}

const port = parentPort;
if (port) {
  useBundledH5wasm();
  // Both directions share the port: the host's requests go to `server`; the answers to this
  // worker's own requests (chunks for the dashboard's GPU, their arrays transferred) go to `host`.
  const host = new RpcClient<GpuRequest, GpuResponse, never>((m: GpuEnvelope) => port.postMessage(m, buffersOf(m)));
  const gpu: GpuSend = async (chunk) => (await host.request({ type: 'gpuAccumulate', chunk })).sums;
  const server = new RpcServer<WorkerRequest, WorkerResponse, WorkerNotification>(
    (m: RpcEnvelope<WorkerRequest, WorkerResponse, WorkerNotification>) => port.postMessage(m),
    (req, ctx) => handle(req, ctx, gpu),
  );
  port.on('message', (m) => {
    if (!host.handle(m)) server.handle(m);
  });
}
