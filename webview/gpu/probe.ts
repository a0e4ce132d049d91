import { classifyRenderer, type WebviewGpuInfo } from '../../src/core/protocol/gpuProtocol';

/**
 * What WebGL2 this page has: a throwaway context asked for its unmasked renderer
 * (WEBGL_debug_renderer_info), then released. A renderer that cannot be identified counts as
 * software, so the GPU engine is only chosen on a renderer known to be a real GPU.
 */
export function probeWebGl2(canvas: HTMLCanvasElement = document.createElement('canvas')): WebviewGpuInfo {
  let gl: WebGL2RenderingContext | null;
  try {
    gl = canvas.getContext('webgl2', { failIfMajorPerformanceCaveat: false });
  } catch {
    gl = null;
  }
  if (!gl) return { webgl2: false, renderer: '', vendor: '', software: true, maxTextureSize: 0, reason: 'no WebGL2 context in this webview' };
  try {
    // Chromium also reports the unmasked renderer as RENDERER now and may drop the extension one day.
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    const vendor = String(gl.getParameter(ext ? ext.UNMASKED_VENDOR_WEBGL : gl.VENDOR) ?? '');
    const maxTextureSize = Number(gl.getParameter(gl.MAX_TEXTURE_SIZE)) || 0;
    const { unknown, software } = classifyRenderer(renderer, vendor);
    return { webgl2: true, renderer, vendor, software, maxTextureSize, ...(unknown ? { reason: 'the renderer is not disclosed' } : {}) };
  } finally {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}
