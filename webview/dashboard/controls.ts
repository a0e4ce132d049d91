// The controls bar: what to look at (label set, layer) and how to analyse (anchors, temperature,
// similarity) with Re-run, plus the result exports.
import type { Similarity } from '../../src/core/entropy/settings';
import type { DashboardOutbound } from '../../src/core/protocol/webviewProtocol';
import type { AnalysisResult } from '../../src/core/report/result';
import { button, dropdown, fieldControl, setDisabled, textField } from '../common/toolkit';
import { el } from '../common/vscodeApi';
import { layerNumbers } from './model';
import { rerunMessage } from './rerun';
import { controlsOf, type ControlValues, type DashboardState, type TemperatureChoice } from './state';

export interface ControlsHost {
  state: Readonly<DashboardState>;
  result: AnalysisResult;
  labelSet: string | undefined;
  report: boolean;
  analysisBusy: boolean;
  selectLabelSet(name: string): void;
  selectLayer(layer: number): void;
  saveControls(c: ControlValues): void;
  post(m: DashboardOutbound): void;
  exportResult(format: 'json' | 'csv'): void;
}

export function controlsBar(h: ControlsHost): HTMLElement {
  const r = h.result;
  const names = Object.keys(r.labelSets);
  const layers = layerNumbers(r);
  const view: Node[] = [];
  if (names.length) view.push(dropdown('Label set', names.map((n) => ({ value: n, label: `${n} (${Object.keys(r.labelSets[n].values).length})` })), h.labelSet ?? names[0], (v) => h.selectLabelSet(v), 'label-set'));
  if (layers.length > 1) view.push(dropdown('Layer', layers.map((l) => ({ value: String(l), label: `layer ${l}${l === r.layer ? ' (analysed)' : ''}` })), String(h.state.layer ?? r.layer), (v) => h.selectLayer(Number(v)), 'layer'));
  const groups: Node[] = [el('div', { class: 'control-group', role: 'group', 'aria-label': 'View' }, ...view)];
  if (!h.report) {
    const c: ControlValues = { ...controlsOf(r), ...h.state.controls };
    const problem = el('div', { class: 'field-error', role: 'alert' });
    const save = (patch: Partial<ControlValues>): void => {
      Object.assign(c, patch);
      h.saveControls({ ...c });
    };
    const eps = textField('ε', c.epsilon, (v) => save({ epsilon: v.trim() }), { size: 7, name: 'epsilon' });
    const epsControl = fieldControl(eps);
    setDisabled(epsControl, c.temperature !== 'number');
    const temps: { value: TemperatureChoice; label: string }[] = [
      { value: 'auto', label: 'auto (vMF KL = ln n)' },
      { value: 'bounds', label: 'bounds (Amos)' },
      { value: 'leading-order', label: 'leading-order' },
      { value: 'number', label: 'number…' },
    ];
    const rerun = button(
      'Re-run',
      () => {
        const m = rerunMessage(r, c, h.state.layer);
        problem.textContent = typeof m === 'string' ? m : '';
        if (typeof m !== 'string') h.post(m);
      },
      { action: 'rerun', title: 'Analyse again with these settings' },
    );
    setDisabled(rerun, h.analysisBusy);
    groups.push(
      el(
        'div',
        { class: 'control-group', role: 'group', 'aria-label': 'Analysis settings' },
        textField('Anchors', c.bins, (v) => save({ bins: v.trim() }), { size: 6, name: 'bins' }),
        dropdown('Temperature', temps, c.temperature, (v) => {
          save({ temperature: v });
          setDisabled(epsControl, v !== 'number');
        }, 'temperature'),
        eps,
        dropdown<Similarity>('Similarity', [{ value: 'cosine', label: 'cosine' }, { value: 'dot', label: 'dot' }, { value: 'euclidean', label: 'euclidean' }], c.similarity, (v) => save({ similarity: v }), 'similarity'),
        el('div', { class: 'field field-button' }, rerun),
      ),
      problem,
    );
  }
  groups.push(
    el(
      'div',
      { class: 'control-group', role: 'group', 'aria-label': 'Export' },
      el('div', { class: 'field field-button' }, button('Export JSON', () => h.exportResult('json'), { appearance: 'secondary', action: 'export-json' })),
      el('div', { class: 'field field-button' }, button('Export CSV', () => h.exportResult('csv'), { appearance: 'secondary', action: 'export-csv' })),
    ),
  );
  return el('div', { class: 'controls' }, ...groups);
}
