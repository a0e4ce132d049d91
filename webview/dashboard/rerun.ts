// The Re-run request for the values typed into the controls (pure: unit-tested).
import type { AnalysisSettings } from '../../src/core/entropy/settings';
import type { DashboardOutbound } from '../../src/core/protocol/webviewProtocol';
import type { AnalysisResult } from '../../src/core/report/result';
import type { ControlValues } from './state';

/** The rerun request for the typed values: only what differs from the result, or an error to show. */
export function rerunMessage(r: AnalysisResult, c: ControlValues, layer: number | null | undefined): Extract<DashboardOutbound, { type: 'rerun' }> | string {
  const settings: Partial<AnalysisSettings> = {};
  const bins = Number(c.bins);
  if (!c.bins.trim() || !Number.isInteger(bins) || bins < 2 || bins > 100000) return `Anchors must be a whole number from 2 to 100000 (got “${c.bins}”).`;
  if (bins !== r.settings.bins) settings.bins = bins;
  let temperature: AnalysisSettings['temperature'];
  if (c.temperature === 'number') {
    const e = Number(c.epsilon);
    if (!c.epsilon.trim() || !Number.isFinite(e) || e <= 0) return `ε must be a number above 0 (got “${c.epsilon}”).`;
    temperature = e;
  } else temperature = c.temperature;
  if (temperature !== r.settings.temperature) settings.temperature = temperature;
  if (c.similarity !== r.settings.similarity) settings.similarity = c.similarity;
  const m: Extract<DashboardOutbound, { type: 'rerun' }> = { type: 'rerun' };
  if (Object.keys(settings).length) m.settings = settings;
  if (layer != null && layer !== r.layer) m.layer = layer;
  return m;
}
