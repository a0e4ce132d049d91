import { blockedEngine } from './blocked';
import type { Engine } from './engine';
import { referenceEngine } from './reference';

/** Engine names a user can ask for (`--engine`, the `embeddingEntropy.engine` setting). */
export type EngineChoice = 'auto' | 'gpu' | 'cpu' | 'reference';

/** Every engine here, fastest first; `auto` takes the first that is available on this platform. */
const ENGINES: readonly Engine[] = [blockedEngine, referenceEngine];

/** The engine for a choice. Faster engines (WebAssembly SIMD, gpu.js) join the list ahead of `cpu`. */
export function selectEngine(choice: EngineChoice = 'auto'): Engine {
  if (choice === 'auto') return ENGINES[0];
  const e = ENGINES.find((x) => x.name === choice);
  if (!e) throw new Error(`unknown engine "${choice}"; choose ${['auto', ...ENGINES.map((x) => x.name)].join(', ')}`);
  return e;
}
