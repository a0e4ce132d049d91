// METHOD.md §6: the worked examples, exact to 1e-9.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyse } from '../../src/core/analysis/analyse';
import { jsDivergence, klDivergence } from '../../src/core/entropy/information';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../../src/core/entropy/settings';
import { labelSet, memorySource } from './support/data';

const TOL = 1e-9;
const close = (actual: number | null | undefined, expected: number, what: string): void => {
  assert.ok(actual != null && Math.abs(actual - expected) <= TOL, `${what}: got ${actual}, expected ${expected}`);
};

async function run(rows: number[][], anchors: number[][], labels: (string | number)[], over: Partial<AnalysisSettings>) {
  const settings: AnalysisSettings = { ...DEFAULT_SETTINGS, shuffles: 0, minCount: 1, placement: 'file', ...over };
  const w = Float64Array.from(anchors.flat());
  const { result } = await analyse(memorySource([rows]), [labelSet('L', labels)], {
    settings,
    anchors: { n: anchors.length, d: anchors[0].length, w },
  });
  return result;
}

describe('METHOD.md §6 worked examples', () => {
  const x1 = [[0], [1], [2], [3]];
  const a1 = [[0.5], [2.5]];
  const l1 = ['A', 'A', 'B', 'B'];

  it('1-D euclidean, ε = 1', async () => {
    const r = await run(x1, a1, l1, { similarity: 'euclidean', temperature: 1 });
    close(r.entropy, Math.LN2, 'H(Z)');
    close(r.labelSets.L.values.A.entropy, 0.4920740718, 'H(Z|L=A)');
    close(r.labelSets.L.values.B.entropy, 0.4920740718, 'H(Z|L=B)');
    close(r.labelSets.L.mutualInformation, 0.2010731088, 'I');
  });

  it('1-D euclidean, ε = 0.5', async () => {
    const r = await run(x1, a1, l1, { similarity: 'euclidean', temperature: 0.5 });
    close(r.labelSets.L.conditionalEntropy, 0.24998826, 'H(Z|L)');
    close(r.labelSets.L.mutualInformation, 0.4431589205, 'I');
  });

  for (const smoothing of ['sparsemax', 'hard'] as const) {
    it(`1-D euclidean, ${smoothing}, ε = 1: I = ln 2`, async () => {
      const r = await run(x1, a1, l1, { similarity: 'euclidean', temperature: 1, smoothing });
      close(r.labelSets.L.mutualInformation, Math.LN2, 'I');
    });
  }

  it('six points, three labels, ε = 0.5, weighted and uniform', async () => {
    const x = [[0], [0.2], [1.0], [2.1], [2.9], [3.0]];
    const a = [[0], [1.5], [3]];
    const l = [0, 0, 0, 1, 2, 2];
    const w = await run(x, a, l, { similarity: 'euclidean', temperature: 0.5 });
    close(w.entropy, 1.0876092689, 'H(Z)');
    close(w.labelSets.L.values['0'].entropy, 0.6661680262, 'H(Z|L=0)');
    close(w.labelSets.L.values['1'].entropy, 0.7685447851, 'H(Z|L=1)');
    close(w.labelSets.L.values['2'].entropy, 0.2413550898, 'H(Z|L=2)');
    close(w.labelSets.L.conditionalEntropy, 0.5416265072, 'weighted H(Z|L)');
    close(w.labelSets.L.mutualInformation, 0.5459827617, 'weighted I');
    const u = await run(x, a, l, { similarity: 'euclidean', temperature: 0.5, weighting: 'uniform' });
    close(u.labelSets.L.conditionalEntropy, 0.5586893004, 'uniform H(Z|L)');
    close(u.labelSets.L.mutualInformation, 0.5289199686, 'uniform I');
  });

  it('2-D cosine, ε = 1', async () => {
    const r = await run([[1, 0], [0.6, 0.8], [-1, 0]], [[1, 0], [0, 1], [-1, 0]], ['A', 'A', 'B'], { similarity: 'cosine', temperature: 1 });
    close(r.entropy, 1.0921062614, 'H(Z)');
    close(r.labelSets.L.values.A.entropy, 0.9403357958, 'H(Z|L=A)');
    close(r.labelSets.L.values.B.entropy, 0.8323955818, 'H(Z|L=B)');
    close(r.labelSets.L.mutualInformation, 0.1877505369, 'I');
  });

  it('KL and JS', () => {
    close(klDivergence([0.5, 0.5], [0.9, 0.1]), 0.5108256238, 'KL');
    close(jsDivergence([0.5, 0.5], [0.9, 0.1]), 0.1017492251, 'JS');
  });
});
