import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { sidecarCandidates } from '../core/formats/sidecar';
import type { LabelSet } from '../core/formats/labels';
import { readLabels } from '../core/formats/labels';
import { withFile } from './fileByteSource';

/** A sidecar that exists: `generic` when it is the folder-wide `metadata.tsv` rather than one named after the file. */
export interface Sidecar {
  path: string;
  generic: boolean;
}

/** The first existing label sidecar of `path` (see sidecarCandidates), or undefined. */
export async function findSidecar(path: string): Promise<Sidecar | undefined> {
  for (const name of sidecarCandidates(path)) {
    const candidate = join(dirname(path), name);
    try {
      if ((await stat(candidate)).isFile()) return { path: candidate, generic: name === 'metadata.tsv' };
    } catch {
      // not there: try the next name
    }
  }
  return undefined;
}

/** The label sets for an embeddings file of `rows` rows, and where they came from. */
export interface LoadedLabels {
  labelSets: LabelSet[];
  /** The label file used, or null. */
  labelsFile: string | null;
  /** Why a sidecar that was found was not used, for the user. */
  notice?: string;
}

/**
 * Reads the labels for `file`: from `labels` when given (null = none), else from its sidecar. A
 * folder-wide `metadata.tsv` whose row count does not match belongs to another file in that folder
 * (TensorBoard keeps several tensors beside one metadata.tsv), so it is skipped with a notice
 * instead of failing; a file named after the embeddings, or one the user chose, must match.
 */
export async function loadLabelsFor(file: string, rows: number, labels: string | null | undefined): Promise<LoadedLabels> {
  const sidecar = labels === undefined ? await findSidecar(file) : undefined;
  const chosen = labels ?? sidecar?.path ?? null;
  if (!chosen) return { labelSets: [], labelsFile: null };
  if (sidecar?.generic) {
    const sets = await withFile(chosen, (l) => readLabels(l));
    const n = sets[0]?.codes.length ?? 0;
    if (n === rows) return { labelSets: sets, labelsFile: chosen };
    return { labelSets: [], labelsFile: null, notice: `${basename(chosen)} next to ${basename(file)} has ${n} rows, not ${rows}, so it was not used as its labels.` };
  }
  const sets = await withFile(chosen, (l) => readLabels(l, { expectedRows: rows, embeddingsName: basename(file) }));
  return { labelSets: sets, labelsFile: chosen };
}
