import * as vscode from 'vscode';
import type { TemperatureMode } from '../core/entropy/temperature';
import type { AnalysisResult } from '../core/report/result';
import { DashboardPanel } from '../dashboard/panel';
import { PREFIX } from '../settings';
import type { WorkerClient } from '../worker/client';
import type { AnalysisRunner, RequestOverrides } from './analysisRunner';

/** How long a command waits for a new dashboard's page before analysing without it (its GPU then waits for the next run). */
const READY_TIMEOUT_MS = 5000;

const FILE_FILTERS = { Embeddings: ['npy', 'npz', 'safetensors', 'h5', 'hdf5', 'parquet', 'jsonl', 'ndjson', 'csv', 'tsv'] };

/** The file a command is about: its argument, the active custom editor's file, or one the user picks. */
async function targetFile(arg: unknown, title: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tab instanceof vscode.TabInputCustom && tab.viewType === `${PREFIX}.viewer`) return tab.uri;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: FILE_FILTERS, title });
  return picked?.[0];
}

/** Asks for the options of one run; undefined when the user backs out. */
async function askOptions(worker: WorkerClient, file: vscode.Uri): Promise<RequestOverrides | undefined> {
  const overview = await worker.inspect(file.fsPath);
  const o: RequestOverrides = { settings: {} };
  if (overview.layers > 1) {
    const items = [{ label: 'All layers', layer: undefined as number | undefined }, ...Array.from({ length: overview.layers }, (_, i) => ({ label: `Layer ${i}`, layer: i }))];
    const l = await vscode.window.showQuickPick(items, { title: 'Layer', placeHolder: `${overview.layers} layers` });
    if (!l) return undefined;
    o.layer = l.layer;
  }
  const bins = await vscode.window.showInputBox({
    title: 'Number of anchors',
    value: '100',
    validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 2 ? undefined : 'An integer ≥ 2'),
  });
  if (!bins) return undefined;
  o.settings!.bins = Number(bins);
  const t = await vscode.window.showQuickPick(
    [
      { label: 'auto', description: 'KL(vMF‖uniform) = ln n (recommended)' },
      { label: 'bounds', description: "Amos-type bound (the method author's find_eps)" },
      { label: 'leading-order', description: '1/√(2·d·ln n)' },
      { label: 'Fixed value…', description: 'enter ε' },
    ],
    { title: 'Temperature' },
  );
  if (!t) return undefined;
  let temperature: TemperatureMode = t.label as TemperatureMode;
  if (t.label === 'Fixed value…') {
    const v = await vscode.window.showInputBox({ title: 'Temperature ε', value: '0.1', validateInput: (x) => (Number(x) > 0 ? undefined : 'A positive number') });
    if (!v) return undefined;
    temperature = Number(v);
  }
  o.settings!.temperature = temperature;
  const sim = await vscode.window.showQuickPick(['cosine', 'dot', 'euclidean'], { title: 'Similarity' });
  if (!sim) return undefined;
  o.settings!.similarity = sim as 'cosine' | 'dot' | 'euclidean';
  return o;
}

/** Registers Analyse, Analyse with Options…, Analyse File…, Compare, Sweep Temperature and Anchors…. */
export function registerAnalyseCommands(extensionUri: vscode.Uri, runner: AnalysisRunner, worker: WorkerClient): vscode.Disposable[] {
  // Commands return the result (or undefined), so scripts and tests can use them too. The dashboard
  // opens first: it shows progress, Cancel and errors where the result will be; when the GPU engine
  // might run there, the analysis waits for its page (and WebGL2 probe) to be ready.
  const inDashboard = async <T extends AnalysisResult | [AnalysisResult, AnalysisResult]>(
    file: vscode.Uri,
    compareWith: vscode.Uri | undefined,
    work: (panel: DashboardPanel, signal: AbortSignal) => Promise<T | undefined>,
  ): Promise<{ result?: T; panel: DashboardPanel }> => {
    const panel = DashboardPanel.open(extensionUri, file, runner, compareWith);
    if (runner.mayUseDashboardGpu(file)) await panel.whenReady(READY_TIMEOUT_MS);
    return { result: await panel.run((signal) => work(panel, signal)), panel };
  };
  const analyseInDashboard = (file: vscode.Uri, overrides?: RequestOverrides): Promise<{ result?: AnalysisResult; panel: DashboardPanel }> =>
    inDashboard(file, undefined, (panel, signal) => runner.run(file, overrides, panel, signal));
  const analyse = async (file: vscode.Uri | undefined, overrides?: RequestOverrides): Promise<AnalysisResult | undefined> =>
    file ? (await analyseInDashboard(file, overrides)).result : undefined;
  // Same settings ⇒ same anchors and ε for the same dimension, so the two files' numbers are comparable.
  const compare = async (a: vscode.Uri, b: vscode.Uri): Promise<[AnalysisResult, AnalysisResult] | undefined> => {
    const { result: pair } = await inDashboard(a, b, async (panel, signal): Promise<[AnalysisResult, AnalysisResult] | undefined> => {
      const ra = await runner.run(a, {}, panel, signal);
      const rb = ra && (await runner.run(b, {}, panel, signal));
      return ra && rb ? [ra, rb] : undefined;
    });
    if (pair && pair[0].dim !== pair[1].dim) {
      void vscode.window.showWarningMessage(`${a.path.split('/').pop()} has ${pair[0].dim} dims and ${b.path.split('/').pop()} has ${pair[1].dim}: their anchors differ, so compare the numbers with care.`);
    }
    return pair;
  };
  return [
    vscode.commands.registerCommand(`${PREFIX}.analyse`, async (arg?: unknown) => analyse(await targetFile(arg, 'Analyse embeddings'))),
    vscode.commands.registerCommand(`${PREFIX}.analyseFile`, async () => analyse(await targetFile(undefined, 'Analyse embeddings'))),
    vscode.commands.registerCommand(`${PREFIX}.analyseWithOptions`, async (arg?: unknown) => {
      const file = await targetFile(arg, 'Analyse embeddings with options');
      if (!file) return;
      const o = await askOptions(worker, file).catch((e: Error) => {
        void vscode.window.showErrorMessage(e.message);
        return undefined;
      });
      return o ? analyse(file, o) : undefined;
    }),
    // The dashboard of the file, on its Sensitivity view with the scans running (progress and Cancel as usual).
    vscode.commands.registerCommand(`${PREFIX}.sweep`, async (arg?: unknown) => {
      const file = await targetFile(arg, 'Sweep temperature and anchors');
      if (!file) return undefined;
      const { result, panel } = await analyseInDashboard(file);
      if (result && !panel.disposed) panel.sweep();
      return result;
    }),
    vscode.commands.registerCommand(`${PREFIX}.compare`, async (arg?: unknown, all?: unknown) => {
      const files = Array.isArray(all) ? all.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
      if (files.length !== 2) {
        void vscode.window.showWarningMessage('Select exactly two embeddings files to compare.');
        return;
      }
      void arg;
      return compare(files[0], files[1]);
    }),
    vscode.commands.registerCommand(`${PREFIX}.compareFiles`, async () => {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: true, filters: FILE_FILTERS, title: 'Pick two embeddings files to compare' });
      if (!picked) return;
      if (picked.length !== 2) {
        void vscode.window.showWarningMessage('Pick exactly two files to compare.');
        return;
      }
      return compare(picked[0], picked[1]);
    }),
  ];
}
