// The dashboard's GPU engine in headless Chromium (software WebGL2, SwiftShader): METHOD.md's fixture
// table (the same cases and numpy expectations every engine passes, test/unit/support/
// metricFixtureSuite.ts) runs through the real webview code — the analysis driver stays in Node and
// each chunk goes to the dashboard page as the extension host sends it (a `gpu` rpc envelope posted
// to the page), comes back through the page's acquireVsCodeApi().postMessage, and is added in.
import type { Page } from 'playwright-core';
import type { Engine } from '../../src/core/engines/engine';
import { createRemoteEngine } from '../../src/core/engines/remote';
import type { GpuChunk, GpuChunkSums, WebviewGpuInfo } from '../../src/core/protocol/gpuProtocol';
import { metricFixtureCases } from '../unit/support/metricFixtureSuite';

/** Metrics within this relative distance of numpy (the 1e-5), worked examples too. */
export const GPU_TOLERANCE = 1e-5;

/** A chunk as JSON (page.evaluate arguments are JSON; float64 values round-trip exactly). */
interface WireChunk extends Omit<GpuChunk, 'rows' | 'codes' | 'anchors'> {
  rows: number[];
  /** The rows travelled as float32 (exactly float32 data): the page gets a Float32Array, as from the host. */
  f32: boolean;
  codes: number[][];
  anchors: { n: number; d: number; w: number[] };
}
type WireSums = { total: number[]; groupSums: number[][]; groupCounts: number[][]; mode: string; refined: number } | { error: string };

let nextId = 1_000_000;
/** Chunks sent with float32 and with float64 rows (the table must reach the page with both). */
const sentAs = { f32: 0, f64: 0 };

/** One chunk through the page: posted as the host would, answered through the page's VS Code API. */
async function roundTrip(page: Page, chunk: GpuChunk): Promise<GpuChunkSums> {
  const wire: WireChunk = {
    ...chunk,
    rows: Array.from(chunk.rows),
    f32: chunk.rows instanceof Float32Array,
    codes: chunk.codes.map((c) => Array.from(c)),
    anchors: { ...chunk.anchors, w: Array.from(chunk.anchors.w) },
  };
  sentAs[wire.f32 ? 'f32' : 'f64']++;
  const got: WireSums = await page.evaluate(
    async ({ wire, id }) => {
      const w = globalThis as any;
      const { f32: _f32, ...fields } = wire;
      const body = {
        type: 'gpuAccumulate',
        chunk: {
          ...fields,
          rows: wire.f32 ? Float32Array.from(wire.rows) : Float64Array.from(wire.rows),
          codes: wire.codes.map((c: number[]) => Int32Array.from(c)),
          anchors: { ...wire.anchors, w: Float64Array.from(wire.anchors.w) },
        },
      };
      w.postMessage({ type: 'gpu', envelope: { kind: 'request', id, body } }, '*');
      const deadline = Date.now() + 60_000;
      for (;;) {
        const m = w.__posted.find((p: any) => p.type === 'gpu' && p.envelope.id === id);
        if (m) {
          const e = m.envelope;
          if (e.kind === 'error') return { error: `${e.name}: ${e.message}` };
          const s = e.body.sums;
          // No named helpers in here: tsx would wrap them in a __name() the page does not have.
          return {
            total: Array.from(s.total as ArrayLike<number>),
            groupSums: s.groupSums.map((a: ArrayLike<number>) => Array.from(a)),
            groupCounts: s.groupCounts.map((a: ArrayLike<number>) => Array.from(a)),
            mode: s.mode,
            refined: s.refined,
          };
        }
        if (Date.now() > deadline) return { error: 'no answer from the dashboard within 60 s' };
        await new Promise((r) => setTimeout(r, 2));
      }
    },
    { wire, id: nextId++ },
  );
  if ('error' in got) throw new Error(`the dashboard's GPU engine failed: ${got.error}`);
  return {
    total: Float64Array.from(got.total),
    groupSums: got.groupSums.map((a) => Float64Array.from(a)),
    groupCounts: got.groupCounts.map((a) => Float64Array.from(a)),
    mode: got.mode,
    refined: got.refined,
  };
}

/** The dashboard page as an {@link Engine} (no fallback: any failure fails the case). */
export function pageEngine(page: Page): Engine & { readonly mode: string } {
  return createRemoteEngine({ name: 'webview-gpu', send: (chunk) => roundTrip(page, chunk) });
}

/** What the page's `ready` message said about its WebGL2. */
export async function probeOf(page: Page): Promise<WebviewGpuInfo | undefined> {
  return page.evaluate(() => (globalThis as any).__posted.find((m: any) => m.type === 'ready')?.gpu);
}

/** Every fixture case through the page; `record` gets each case's failures (empty = passed). */
export async function runGpuTable(page: Page, record: (name: string, failures: string[], seconds: number) => void): Promise<void> {
  const probe = await probeOf(page);
  const probeFailures: string[] = [];
  if (!probe?.webgl2) probeFailures.push(`the dashboard found no WebGL2: ${JSON.stringify(probe)}`);
  else if (!probe.software) probeFailures.push(`headless Chromium's renderer "${probe.renderer}" was not classed as software`);
  record(`webview GPU probe (${probe?.renderer || 'none'})`, probeFailures, 0);
  if (!probe?.webgl2) return;
  const engine = pageEngine(page);
  for (const c of metricFixtureCases()) {
    const t0 = Date.now();
    const failures: string[] = [];
    try {
      await c.run(engine, GPU_TOLERANCE, GPU_TOLERANCE);
      if (engine.mode !== 'webgl2') failures.push(`the page ran gpu.js ${engine.mode}, not webgl2`);
    } catch (e) {
      failures.push((e as Error).message);
    }
    record(`webview GPU engine: ${c.name} [${engine.mode}]`, failures, (Date.now() - t0) / 1000);
  }
  const both = sentAs.f32 > 0 && sentAs.f64 > 0 ? [] : [`rows reached the page as float32 ${sentAs.f32} times and as float64 ${sentAs.f64} times; the table should use both`];
  record(`webview GPU engine: chunks with float32 rows (${sentAs.f32}) and float64 rows (${sentAs.f64})`, both, 0);
}
