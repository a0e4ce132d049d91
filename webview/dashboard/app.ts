// The dashboard: holds the state, answers the host's messages, and renders the header, controls,
// status line and the active view.
import type { DashboardInbound, DashboardOutbound } from '../../src/core/protocol/webviewProtocol';
import type { AnalysisResult } from '../../src/core/report/result';
import { onThemeChange, readChartTheme, type ChartTheme } from '../common/theme';
import { button, progressRing, tabs, type Tabs } from '../common/toolkit';
import { el } from '../common/vscodeApi';
import { ChartSet } from './chart';
import { controlsBar } from './controls';
import type { Exporter } from './exporter';
import { baseName, layerNumbers, layerView } from './model';
import { controlsOf, initialState, type DashboardState, type TabId, type UiState } from './state';
import { anchorsView } from './views/anchorsView';
import { baselineView } from './views/baselineView';
import { compareView } from './views/compareView';
import type { BusyWhat, ViewContext } from './views/context';
import { labelsView } from './views/labelsView';
import { layersView } from './views/layersView';
import { projectionView } from './views/projectionView';
import { sensitivityRequest, sensitivityView } from './views/sensitivityView';
import { summaryView } from './views/summaryView';

const VIEWS: { id: TabId; label: string; render: (ctx: ViewContext) => HTMLElement }[] = [
  { id: 'summary', label: 'Summary', render: summaryView },
  { id: 'labels', label: 'Labels', render: labelsView },
  { id: 'anchors', label: 'Anchors', render: anchorsView },
  { id: 'layers', label: 'Layers', render: layersView },
  { id: 'baseline', label: 'Baseline', render: baselineView },
  { id: 'sensitivity', label: 'Sensitivity', render: sensitivityView },
  { id: 'compare', label: 'Compare', render: compareView },
  { id: 'projection', label: 'Projection', render: projectionView },
];

const WHAT: Record<BusyWhat, string> = { analysis: 'Analysing', sensitivity: 'Running the sensitivity scans', projection: 'Projecting' };

export interface DashboardApi {
  postMessage(m: DashboardOutbound): void;
  getState(): DashboardState | undefined;
  setState(s: DashboardState): void;
}

export class Dashboard {
  private state: DashboardState;
  private readonly busy: ViewContext['busy'] = {};
  private error: { what: BusyWhat; message: string } | undefined;
  private theme: ChartTheme;
  private charts: ChartSet | undefined;
  private tabs: Tabs | undefined;
  private readonly status = el('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private renderedWidth = 0;

  constructor(
    private readonly app: HTMLElement,
    private readonly api: DashboardApi,
    private readonly exporter: Exporter,
    private readonly report: boolean,
    initial?: Partial<DashboardState>,
  ) {
    this.state = initialState(initial ?? api.getState());
    this.theme = readChartTheme();
    onThemeChange(() => {
      this.theme = readChartTheme();
      this.renderView();
    });
    let resizeTimer = 0;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(() => {
        if (Math.abs(this.contentWidth() - this.renderedWidth) > 40) this.renderView();
      }, 200);
    });
  }

  /** Draws what the state holds (a restored result shows at once, before the host answers). */
  start(): void {
    if (this.state.result) this.fixSelections(this.state.result);
    this.renderAll();
  }

  /** Handles one message from the host. */
  onMessage(m: DashboardInbound): void {
    switch (m.type) {
      case 'result':
        delete this.busy.analysis;
        if (this.error?.what === 'analysis') this.error = undefined;
        this.setResult(m.result);
        this.renderAll();
        break;
      case 'compare':
        delete this.busy.analysis;
        this.error = undefined;
        this.state.compare = { a: m.a, b: m.b };
        if (!this.state.result) this.setResult(m.a);
        this.state.tab = 'compare';
        this.persist();
        this.renderAll();
        break;
      case 'busy': {
        const was = !!this.busy[m.what];
        this.busy[m.what] = { done: m.rowsDone, total: m.rowsTotal };
        if (this.error?.what === m.what) this.error = undefined;
        this.renderStatus();
        // Buttons of the running action turn off when it starts.
        if (!was) this.busyChanged(m.what);
        break;
      }
      case 'failed':
        delete this.busy[m.what];
        this.error = { what: m.what, message: m.message };
        if (!this.state.result) this.renderAll();
        else {
          this.renderStatus();
          this.busyChanged(m.what);
        }
        break;
      case 'sensitivity':
        delete this.busy.sensitivity;
        if (this.error?.what === 'sensitivity') this.error = undefined;
        this.state.sensitivity = m.result;
        this.persist();
        this.renderStatus();
        if (this.state.tab === 'sensitivity') this.renderView();
        break;
      case 'sweep':
        // The "Sweep Temperature and Anchors…" command: the Sensitivity view, scans started as its button does.
        this.state.tab = 'sensitivity';
        this.persist();
        this.renderAll();
        if (!this.busy.sensitivity) this.post(sensitivityRequest());
        break;
      case 'projection':
        delete this.busy.projection;
        if (this.error?.what === 'projection') this.error = undefined;
        this.state.projection = m.result;
        this.persist();
        this.renderStatus();
        if (this.state.tab === 'projection') this.renderView();
        break;
    }
  }

  private setResult(r: AnalysisResult): void {
    const sameFile = this.state.result?.source === r.source;
    this.state.result = r;
    this.state.file = r.source;
    this.state.controls = controlsOf(r);
    this.fixSelections(r);
    if (!sameFile) {
      this.state.sensitivity = undefined;
      this.state.projection = undefined;
    }
    this.persist();
  }

  /** Keeps the label set and layer selections valid for `r`. */
  private fixSelections(r: AnalysisResult): void {
    const names = Object.keys(r.labelSets);
    if (!this.state.labelSet || !names.includes(this.state.labelSet)) this.state.labelSet = names[0];
    if (this.state.layer != null && !layerNumbers(r).includes(this.state.layer)) this.state.layer = null;
    if (this.state.layer === r.layer) this.state.layer = null;
  }

  private persist(): void {
    this.api.setState(this.state);
  }

  private save = (patch: Partial<UiState>): void => {
    Object.assign(this.state, patch);
    this.persist();
  };

  private post = (m: DashboardOutbound): void => {
    if (m.type === 'rerun' || m.type === 'sensitivity' || m.type === 'projection') this.error = undefined;
    this.api.postMessage(m);
    this.renderStatus();
  };

  private busyChanged(what: BusyWhat): void {
    if (!this.state.result) this.renderAll(); // the empty dashboard: "Waiting…" gives way to the progress bar
    else if (what === 'analysis') this.renderControls();
    else if (this.state.tab === what) this.renderView();
  }

  private available(id: TabId): boolean {
    const r = this.state.result;
    switch (id) {
      case 'layers':
        return (r?.layers?.length ?? 0) > 1;
      case 'compare':
        return !!this.state.compare;
      case 'sensitivity':
      case 'projection':
        return !this.report;
      default:
        return true;
    }
  }

  private controlsSlot = el('div', { class: 'controls-slot' });

  private renderAll(): void {
    this.charts?.dispose();
    this.charts = undefined;
    const r = this.state.result;
    this.renderStatus();
    if (!r) {
      // Before the first result: the page title the extension gave it ("Entropy: file.npy").
      const body: Node[] = [el('h1', {}, document.title || 'Embedding Entropy'), this.status];
      if (this.error) body.push(this.failureState(this.error.message));
      else if (!this.busy.analysis) body.push(el('p', { class: 'muted' }, 'Waiting for the analysis…'));
      this.tabs = undefined;
      this.app.replaceChildren(...body);
      return;
    }
    if (!this.available(this.state.tab)) this.state.tab = 'summary';
    // Only the views this result can fill get a tab (hidden tabs would leave gaps in the tab row).
    const t = tabs(
      VIEWS.filter((v) => this.available(v.id)).map((v) => ({ id: v.id, label: v.label })),
      this.state.tab,
      (id) => {
        this.save({ tab: id as TabId });
        this.renderView();
      },
    );
    this.tabs = t;
    this.renderControls();
    this.app.replaceChildren(this.header(r), this.controlsSlot, this.status, t.element);
    this.renderView();
  }

  private header(r: AnalysisResult): HTMLElement {
    const layered = r.layers?.length ? `, ${r.layers.length} layers` : '';
    return el(
      'header',
      {},
      el('h1', { title: r.source }, baseName(r.source)),
      el(
        'div',
        { class: 'muted meta' },
        `${r.rows.toLocaleString()} rows × ${r.dim} dims${layered} · ${r.anchors} anchors, seed ${r.seed} · ε = ${r.temperature.toPrecision(4)} (${String(r.settings.temperature)}) · ${r.settings.similarity}/${r.settings.smoothing} · ${r.engine} engine, ${r.seconds.toFixed(2)} s${this.report ? ' · standalone report' : ''}`,
      ),
    );
  }

  private renderControls(): void {
    const r = this.state.result;
    if (!r) return;
    this.controlsSlot.replaceChildren(
      controlsBar({
        state: this.state,
        result: r,
        labelSet: this.state.labelSet,
        report: this.report,
        analysisBusy: !!this.busy.analysis,
        selectLabelSet: (name) => {
          this.save({ labelSet: name });
          this.renderView();
        },
        selectLayer: (layer) => {
          this.save({ layer: layer === r.layer ? null : layer });
          this.renderView();
        },
        saveControls: (c) => this.save({ controls: c }),
        post: this.post,
        exportResult: (f) => this.exporter.exportResult(r, f),
      }),
    );
  }

  private renderStatus(): void {
    const items: Node[] = [];
    for (const what of Object.keys(this.busy) as BusyWhat[]) {
      const b = this.busy[what]!;
      const known = b.total > 0;
      const bar = el('progress', known ? { max: String(b.total), value: String(b.done), 'aria-label': WHAT[what] } : { 'aria-label': WHAT[what] });
      items.push(
        el(
          'div',
          { class: 'busy', 'data-busy': what },
          known ? bar : progressRing(),
          el('span', {}, known ? `${WHAT[what]}… ${b.done.toLocaleString()} of ${b.total.toLocaleString()} rows` : `${WHAT[what]}…`),
          button('Cancel', () => this.api.postMessage({ type: 'cancel' }), { appearance: 'secondary', action: 'cancel', ariaLabel: `Cancel: ${WHAT[what].toLowerCase()}` }),
        ),
      );
    }
    if (this.error && this.state.result) {
      const dismiss = button('Dismiss', () => {
        this.error = undefined;
        this.renderStatus();
      }, { appearance: 'secondary', action: 'dismiss' });
      items.push(el('div', { class: 'error', role: 'alert' }, el('span', {}, `${this.error.what === 'analysis' ? 'The analysis' : this.error.what === 'sensitivity' ? 'The sensitivity scans' : 'The projection'} failed: ${this.error.message}`), dismiss));
    }
    this.status.replaceChildren(...items);
  }

  private failureState(message: string): HTMLElement {
    const cancelled = message === 'Cancelled.';
    const parts: Node[] = [el('h2', {}, cancelled ? 'The analysis was cancelled' : 'The analysis failed'), el('div', { class: cancelled ? 'muted' : 'error', role: 'alert' }, message)];
    if (!this.report) parts.push(el('div', { class: 'toolbar' }, button('Try again', () => this.post({ type: 'rerun' }), { action: 'rerun' })));
    return el('div', { class: 'failure' }, ...parts);
  }

  private contentWidth(): number {
    return Math.max(320, (this.app.clientWidth || window.innerWidth) - 24);
  }

  /** Renders the active view into its panel (other panels are emptied, their charts finalized). */
  private renderView(): void {
    const r = this.state.result;
    const t = this.tabs;
    if (!r || !t) return;
    this.charts?.dispose();
    this.charts = new ChartSet(this.theme, (name, format, data) => this.exporter.saveChart(name, format, data));
    const tab = this.state.tab;
    for (const v of VIEWS) if (v.id !== tab) t.panel(v.id)?.replaceChildren();
    const view = VIEWS.find((v) => v.id === tab)!;
    this.renderedWidth = this.contentWidth();
    const ctx: ViewContext = {
      state: this.state,
      result: r,
      layer: layerView(r, this.state.layer),
      labelSet: this.state.labelSet,
      report: this.report,
      charts: this.charts,
      width: this.renderedWidth,
      busy: this.busy,
      save: this.save,
      update: (patch) => {
        this.save(patch);
        this.renderView();
      },
      post: this.post,
    };
    let content: HTMLElement;
    try {
      content = view.render(ctx);
    } catch (e) {
      console.error(`view ${tab}:`, e);
      content = el('div', { class: 'error', role: 'alert' }, `This view could not be drawn: ${e instanceof Error ? e.message : String(e)}`);
    }
    t.panel(tab)?.replaceChildren(content);
  }
}
