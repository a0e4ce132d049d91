import type { GpuEnvelope, GpuRequest, GpuResponse, WebviewGpuInfo } from '../../src/core/protocol/gpuProtocol';
import { RpcServer } from '../../src/core/protocol/rpc';
import { probeWebGl2 } from '../gpu/probe';
import { GPU_GLOBAL, type GpuModule } from '../gpu/module';

/** Where the GPU bundle is, read from the dashboard's own script tag (absent in the standalone report). */
export interface GpuScript {
  src: string;
  nonce: string;
}

/** Call while the dashboard's script runs (document.currentScript is only set then). */
export function gpuScriptOf(script: HTMLOrSVGScriptElement | null): GpuScript | undefined {
  const el = script as HTMLScriptElement | null;
  const src = el?.dataset.gpu;
  return src ? { src, nonce: el.nonce ?? '' } : undefined;
}

/** Adds the GPU bundle with the page's nonce (the CSP allows nothing else) and resolves with its entry points. */
function load(script: GpuScript): Promise<GpuModule> {
  const ready = (): GpuModule | undefined => (globalThis as unknown as Record<string, GpuModule | undefined>)[GPU_GLOBAL];
  const have = ready();
  if (have) return Promise.resolve(have);
  return new Promise((resolve, reject) => {
    const el = document.createElement('script');
    el.nonce = script.nonce;
    el.src = script.src;
    el.onload = () => {
      const m = ready();
      if (m) resolve(m);
      else reject(new Error('the GPU bundle loaded but did not register'));
    };
    el.onerror = () => reject(new Error(`could not load the GPU bundle ${script.src}`));
    document.head.appendChild(el);
  });
}

/**
 * The dashboard's end of the GPU channel: probes WebGL2 once, and answers the extension's
 * `gpuAccumulate` requests with the GPU bundle (loaded on the first one).
 */
export class GpuLink {
  readonly info: WebviewGpuInfo;
  private module: Promise<GpuModule> | undefined;
  private readonly server: RpcServer<GpuRequest, GpuResponse, never>;

  constructor(
    private readonly script: GpuScript,
    post: (envelope: GpuEnvelope) => void,
    private readonly log: (msg: string) => void = () => {},
  ) {
    this.info = probeWebGl2();
    this.server = new RpcServer<GpuRequest, GpuResponse, never>(post, async (req) => {
      if (req.type !== 'gpuAccumulate') throw new Error(`unknown GPU request ${String((req as { type: unknown }).type)}`);
      if (!this.info.webgl2) throw new Error(this.info.reason ?? 'no WebGL2 here');
      this.module ??= load(this.script);
      const m = await this.module.catch((e: Error) => {
        this.module = undefined;
        throw e;
      });
      return { type: 'gpuSums', sums: m.computeChunk(req.chunk, { log: this.log, maxTextureSize: this.info.maxTextureSize }) };
    });
  }

  handle(envelope: GpuEnvelope): void {
    this.server.handle(envelope);
  }
}
