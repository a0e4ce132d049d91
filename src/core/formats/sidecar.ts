/**
 * Label files looked for next to an embeddings file, in order of preference (METHOD: labels travel
 * as sidecars). For `dir/emb.npy`: `emb.labels.tsv`, `emb.metadata.tsv`, `emb.labels.csv`,
 * `emb.labels.txt`, `emb.labels.npy`, then `metadata.tsv` (TensorBoard's projector pair
 * `tensors.tsv` + `metadata.tsv`, and the layout `embedding-entropy sample` writes).
 * Paths use `/`; the caller joins them with the file's folder.
 */
export function sidecarCandidates(fileName: string): string[] {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return [`${stem}.labels.tsv`, `${stem}.metadata.tsv`, `${stem}.labels.csv`, `${stem}.labels.txt`, `${stem}.labels.npy`, 'metadata.tsv'].filter(
    (c) => c !== base,
  );
}
