// Saving charts and results: through the host inside VS Code, as browser downloads in the
// standalone report (where no host listens).
import type { DashboardOutbound } from '../../src/core/protocol/webviewProtocol';
import { resultToCsv } from '../../src/core/report/csv';
import type { AnalysisResult } from '../../src/core/report/result';

export interface Exporter {
  saveChart(name: string, format: 'png' | 'svg', data: string): void;
  exportResult(result: AnalysisResult, format: 'json' | 'csv'): void;
}

/** Inside VS Code: the host writes the files (it owns the save dialog and the workspace). */
export function hostExporter(post: (m: DashboardOutbound) => void): Exporter {
  return {
    saveChart: (name, format, data) => post({ type: 'saveChart', name, format, data }),
    exportResult: (_result, format) => post({ type: 'export', format }),
  };
}

function download(fileName: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
}

function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  download(fileName, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const stem = (r: AnalysisResult): string => (r.source.split(/[\\/]/).pop() || 'result').replace(/\.[^.]+$/, '');

/** In the standalone report: browser downloads. */
export function downloadExporter(): Exporter {
  return {
    saveChart: (name, format, data) => (format === 'png' ? download(`${name}.png`, data) : downloadText(`${name}.svg`, data, 'image/svg+xml')),
    exportResult: (r, format) =>
      format === 'json' ? downloadText(`${stem(r)}.entropy.json`, JSON.stringify(r, null, 2), 'application/json') : downloadText(`${stem(r)}.entropy.csv`, resultToCsv(r), 'text/csv'),
  };
}
