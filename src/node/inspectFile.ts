import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { openEmbeddings } from '../core/formats/embeddings';
import type { LabelSet } from '../core/formats/labels';
import type { FileOverview } from '../core/protocol/workerProtocol';
import { withFile } from './fileByteSource';
import { loadLabelsFor } from './findSidecar';

const describe = (sets: LabelSet[], source: string): FileOverview['labelSets'] =>
  sets.map((s) => ({ name: s.name, values: s.values.length, missing: s.codes.reduce((m, c) => m + (c < 0 ? 1 : 0), 0), source }));

/** Headers, shape and label sets of an embeddings file: what the custom editor shows before analysing. */
export async function inspectFile(file: string, opts: { tensor?: string; column?: string } = {}): Promise<FileOverview> {
  const size = (await stat(file)).size;
  return withFile(file, async (src) => {
    const opened = await openEmbeddings(src, opts);
    try {
      const { layers, rows, dim } = opened.embeddings;
      const loaded = await loadLabelsFor(file, rows, undefined);
      const sidecar = loaded.labelsFile;
      const fromSidecar = loaded.labelSets;
      return {
        file,
        size,
        layers,
        rows,
        dim,
        info: opened.info,
        labelSets: [...describe(opened.labelSets, basename(file)), ...describe(fromSidecar, sidecar ? basename(sidecar) : '')],
        sidecar,
      };
    } finally {
      opened.dispose?.();
    }
  });
}
