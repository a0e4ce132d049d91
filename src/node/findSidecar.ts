import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sidecarCandidates } from '../core/formats/sidecar';

/** The first existing label sidecar of `path` (see sidecarCandidates), or undefined. */
export async function findSidecar(path: string): Promise<string | undefined> {
  for (const name of sidecarCandidates(path)) {
    const candidate = join(dirname(path), name);
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // not there: try the next name
    }
  }
  return undefined;
}
