import type { RpcEnvelope } from './rpc';
import type { KernelSettings } from '../entropy/settings';

/**
 * What the dashboard webview found out about its WebGL2 (sent with `ready`). The renderer comes from
 * WEBGL_debug_renderer_info where the browser exposes it.
 */
export interface WebviewGpuInfo {
  /** A WebGL2 context could be created. */
  webgl2: boolean;
  /** Unmasked renderer string, e.g. "ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 …)"; "" when unknown. */
  renderer: string;
  vendor: string;
  /** True for software rasterisers (SwiftShader, llvmpipe, …) and for renderers that cannot be identified. */
  software: boolean;
  /** MAX_TEXTURE_SIZE (bounds rows per kernel call). */
  maxTextureSize: number;
  /** Why WebGL2 is not usable, when it is not. */
  reason?: string;
}

/** What browsers report when they hide the renderer. */
const MASKED = /^(webkit webgl|mozilla|generic renderer)$/i;

/** Renderers that draw on the CPU; a GPU engine there is slower than the worker's own engine. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render|mesa offscreen|gdi generic/i;

/**
 * Whether a WebGL renderer (and vendor) string names a software rasteriser, or names nothing at
 * all (hidden by the browser): either way it counts as software, so the GPU engine is only chosen on
 * a renderer known to be a real GPU.
 */
export function classifyRenderer(renderer: string, vendor: string): { unknown: boolean; software: boolean } {
  const unknown = renderer.trim() === '' || MASKED.test(renderer.trim());
  return { unknown, software: unknown || SOFTWARE.test(renderer) || SOFTWARE.test(vendor) };
}

/**
 * One chunk of validated rows for an engine on the other side of postMessage (the dashboard's
 * WebGL2): the arguments of {@link Engine.accumulate}, as structured-clone-friendly typed arrays.
 */
export interface GpuChunk {
  /**
   * count × d row-major: float32 when every value is exactly a float32 (embeddings saved as float32,
   * the common case: half the bytes on the way, widened exactly on arrival), else float64.
   */
  rows: Float64Array | Float32Array;
  count: number;
  /** Per group, each row's value index or −1. */
  codes: Int32Array[];
  /** Per group, its number of values (its sums hold values × n numbers). */
  groupValues: number[];
  /** Prepared anchors (unit rows for cosine). */
  anchors: { n: number; d: number; w: Float64Array };
  settings: KernelSettings;
}

/** The chunk's own sums (starting from zero), to be added to the running ones. */
export interface GpuChunkSums {
  total: Float64Array;
  groupSums: Float64Array[];
  groupCounts: Float64Array[];
  /** The gpu.js backend that ran (webgl2, or what gpu.js fell back to). */
  mode: string;
  /** (row, anchor) similarities recomputed in float64 for this chunk. */
  refined: number;
  /** Milliseconds the other side spent computing this chunk (the rest of a round trip is the channel). */
  computeMs?: number;
}

/**
 * The one request of the GPU channel, worker → extension host → dashboard webview (the host passes
 * it on unchanged), and its answer.
 */
export type GpuRequest = { type: 'gpuAccumulate'; chunk: GpuChunk };
export type GpuResponse = { type: 'gpuSums'; sums: GpuChunkSums };
/** The GPU channel's rpc envelopes (no notifications). */
export type GpuEnvelope = RpcEnvelope<GpuRequest, GpuResponse, never>;
