// Sensitivity: "Do my numbers hinge on the temperature or the anchor count?" Runs both scans on the
// host and draws H and I against ε scale and anchor count, mean over seeds with the min–max band.
import { button, dropdown, setDisabled } from '../../common/toolkit';
import { el } from '../../common/vscodeApi';
import { scanRows, scanSpec, type ScanKind, type ScanMeasure } from '../charts/sensitivitySpec';
import type { DashboardOutbound } from '../../../src/core/protocol/webviewProtocol';
import type { ViewContext } from './context';
import { controlRow, grid, note, unavailable } from './ui';

/** The scans the Run button (and the Sweep command) asks for. */
export const SENSITIVITY_REQUEST = { type: 'sensitivity', temperatureScales: [0.25, 0.5, 1, 2, 4], binCounts: [10, 25, 50, 100, 200, 400], seeds: 3 } as const;

/** {@link SENSITIVITY_REQUEST} as a message of its own (fresh arrays). */
export function sensitivityRequest(): Extract<DashboardOutbound, { type: 'sensitivity' }> {
  return { ...SENSITIVITY_REQUEST, temperatureScales: [...SENSITIVITY_REQUEST.temperatureScales], binCounts: [...SENSITIVITY_REQUEST.binCounts] };
}

export function sensitivityView(ctx: ViewContext): HTMLElement {
  const busy = ctx.busy.sensitivity;
  const run = button(ctx.state.sensitivity ? 'Run the scans again' : 'Run the scans', () => ctx.post(sensitivityRequest()), { action: 'run-sensitivity' });
  setDisabled(run, !!busy);
  const parts: Node[] = [
    note(
      `Re-analyses a sample of the file with ε × ${SENSITIVITY_REQUEST.temperatureScales.join(', ')} and with ${SENSITIVITY_REQUEST.binCounts.join(', ')} anchors, ${SENSITIVITY_REQUEST.seeds} anchor seeds each. Robust conclusions keep their order (which label set carries more I) across the range.`,
    ),
    controlRow(run, ...(busy ? [el('span', { class: 'muted' }, 'Running — progress and Cancel are at the top.')] : [])),
  ];
  const res = ctx.state.sensitivity;
  if (!res) {
    if (!busy) parts.push(unavailable('No scans yet.'));
    return el('div', { class: 'view sensitivity' }, ...parts);
  }
  const relative = ctx.state.sensitivityScale === 'relative';
  parts.push(
    controlRow(
      dropdown(
        'Values',
        [
          { value: 'absolute', label: 'in nats' },
          { value: 'relative', label: 'relative to the analysed setting' },
        ],
        ctx.state.sensitivityScale,
        (v) => ctx.update({ sensitivityScale: v }),
        'sensitivity-scale',
      ),
      el('span', { class: 'muted' }, `${res.rows.toLocaleString()} rows per run; ${res.points.length} runs.`),
    ),
  );
  const charts: Node[] = [];
  for (const kind of ['temperature', 'anchors'] as ScanKind[]) {
    // The analysed setting: ε × 1, and the result's anchor count.
    const ref = relative ? (kind === 'temperature' ? 1 : ctx.result.anchors) : undefined;
    for (const measure of ['entropy', 'information'] as ScanMeasure[]) {
      const rows = scanRows(res, kind, measure, ref);
      if (rows.length) charts.push(ctx.charts.add(`sensitivity-${kind}-${measure}`, scanSpec(rows, kind, measure, relative)));
    }
  }
  parts.push(charts.length ? grid(...charts) : unavailable('The scans returned no defined values.'));
  return el('div', { class: 'view sensitivity' }, ...parts);
}
