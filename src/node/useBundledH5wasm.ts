import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setH5wasmLoader } from '../core/formats/hdf5';

/**
 * In a bundle next to dist/h5wasm.js (the CLI, the worker), loads h5wasm from there on first use
 * instead of carrying it in every bundle; elsewhere (tests under tsx) the package is imported as is.
 */
export function useBundledH5wasm(dir: string = __dirname): void {
  const bundle = join(dir, 'h5wasm.js');
  if (!existsSync(bundle)) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  setH5wasmLoader(async () => require(bundle) as typeof import('h5wasm'));
}
