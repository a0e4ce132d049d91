// Dashboard webview entry: shows analysis results (only small aggregates, never rows). Also the
// standalone report's entry: when the page carries an embedded result it runs without a host.
import '../common/theme.css';
import type { DashboardInbound, DashboardOutbound } from '../../src/core/protocol/webviewProtocol';
import { REPORT_DATA_ID } from '../../src/core/report/htmlReport';
import type { AnalysisResult } from '../../src/core/report/result';
import { useStandaloneTheme } from '../common/standaloneTheme';
import { registerToolkit } from '../common/toolkit';
import { vscodeApi } from '../common/vscodeApi';
import { Dashboard } from './app';
import { chartProbe } from './chart';
import { downloadExporter, hostExporter } from './exporter';
import { GpuLink, gpuScriptOf } from './gpuLink';
import type { DashboardState } from './state';

const gpuScript = gpuScriptOf(document.currentScript);
registerToolkit();
const vscode = vscodeApi<DashboardState, DashboardOutbound>();
const app = document.getElementById('app')!;
const embedded = document.getElementById(REPORT_DATA_ID)?.textContent;
const report = embedded != null;
let initial: Partial<DashboardState> | undefined;
if (report) {
  document.body.classList.add('report');
  useStandaloneTheme();
  const result = JSON.parse(embedded) as AnalysisResult;
  initial = { ...vscode.getState(), file: result.source, result };
}
// The GPU engine's end of the channel: only inside VS Code (the host names the GPU bundle), not in the report.
const gpu = !report && gpuScript ? new GpuLink(gpuScript, (envelope) => vscode.postMessage({ type: 'gpu', envelope })) : undefined;
const dashboard = new Dashboard(app, vscode, report ? downloadExporter() : hostExporter((m) => vscode.postMessage(m)), report, initial);
window.addEventListener('message', (e: MessageEvent<DashboardInbound>) => {
  if (!e.data || typeof e.data !== 'object' || !('type' in e.data)) return;
  if (e.data.type === 'gpu') gpu?.handle(e.data.envelope);
  else dashboard.onMessage(e.data);
});
dashboard.start();
// A read-only probe for the browser tests (chart counts), harmless in production.
(window as unknown as { __embeddingEntropy: unknown }).__embeddingEntropy = { charts: chartProbe };
vscode.postMessage({ type: 'ready', ...(gpu ? { gpu: gpu.info } : {}) });
