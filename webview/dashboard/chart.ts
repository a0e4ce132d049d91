// Puts vega-lite specs on the page: vega-embed with the expression interpreter (so the CSP never allows eval),
// the theme's config, and PNG/SVG export buttons under each chart.
import embed from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import type { View } from 'vega';
import type { ChartTheme } from '../common/theme';
import { vegaConfig } from '../common/theme';
import { button } from '../common/toolkit';
import { el } from '../common/vscodeApi';
import type { TopLevelSpec } from './charts/common';

/** Saves a chart image: PNG as a data: URL, SVG as markup. */
export type SaveChart = (name: string, format: 'png' | 'svg', data: string) => void;

export interface ChartOptions {
  /** Canvas for thousands of marks (the projection); SVG otherwise. */
  renderer?: 'svg' | 'canvas';
  /** Accessible description of the chart. */
  description?: string;
}

interface LiveChart {
  name: string;
  view?: View;
  error?: string;
}

/** Every chart on the page (for export and for the browser tests' hook). */
const live = new Set<LiveChart>();
let pending = 0;

/** The charts of one rendering of a view; `dispose` finalizes their vega views. */
export class ChartSet {
  private readonly mine: LiveChart[] = [];
  private disposed = false;

  constructor(
    private readonly theme: ChartTheme,
    private readonly save: SaveChart,
  ) {}

  /** A figure element holding the chart (rendered asynchronously) and its export buttons. */
  add(name: string, spec: TopLevelSpec, o: ChartOptions = {}): HTMLElement {
    const target = el('div', { class: 'chart', role: 'img', 'aria-label': o.description ?? describe(spec) });
    const chart: LiveChart = { name };
    this.mine.push(chart);
    live.add(chart);
    const png = button('PNG', () => void this.export(chart, 'png'), { appearance: 'secondary', ariaLabel: `Save chart ${name} as PNG`, title: 'Save as PNG', action: 'save-png' });
    const svg = button('SVG', () => void this.export(chart, 'svg'), { appearance: 'secondary', ariaLabel: `Save chart ${name} as SVG`, title: 'Save as SVG', action: 'save-svg' });
    const figure = el('figure', { class: 'figure', 'data-chart': name }, target, el('div', { class: 'chart-actions' }, png, svg));
    pending++;
    embed(target, spec, {
      mode: 'vega-lite',
      ast: true,
      expr: expressionInterpreter,
      renderer: o.renderer ?? 'svg',
      actions: false,
      defaultStyle: false,
      config: vegaConfig(this.theme),
      tooltip: { theme: 'vscode', disableDefaultStyle: true },
    })
      .then((res) => {
        if (this.disposed) res.finalize();
        else chart.view = res.view;
      })
      .catch((e: unknown) => {
        chart.error = e instanceof Error ? e.message : String(e);
        target.replaceChildren(el('div', { class: 'error', role: 'alert' }, `Chart ${name} failed: ${chart.error}`));
        console.error(`chart ${name}:`, e);
      })
      .finally(() => pending--);
    return figure;
  }

  /**
   * A place for a chart that gets replaced (search, selections): showing a new chart or node
   * finalizes the previous chart's view.
   */
  slot(cls = 'chart-slot'): { element: HTMLElement; show(name: string, spec: TopLevelSpec, o?: ChartOptions): void; showNode(node: Node): void } {
    const element = el('div', { class: cls });
    let current: LiveChart | undefined;
    const drop = (): void => {
      if (!current) return;
      current.view?.finalize();
      live.delete(current);
      const i = this.mine.indexOf(current);
      if (i >= 0) this.mine.splice(i, 1);
      current = undefined;
    };
    return {
      element,
      show: (name, spec, o) => {
        drop();
        element.replaceChildren(this.add(name, spec, o));
        current = this.mine[this.mine.length - 1];
      },
      showNode: (node) => {
        drop();
        element.replaceChildren(node);
      },
    };
  }

  private async export(chart: LiveChart, format: 'png' | 'svg'): Promise<void> {
    if (!chart.view) return;
    const data = format === 'png' ? await chart.view.toImageURL('png', 2) : await chart.view.toSVG();
    this.save(chart.name, format, data);
  }

  dispose(): void {
    this.disposed = true;
    for (const c of this.mine) {
      c.view?.finalize();
      live.delete(c);
    }
    this.mine.length = 0;
  }
}

function describe(spec: TopLevelSpec): string {
  const t = (spec as { title?: string | { text?: string | string[] } }).title;
  const text = typeof t === 'string' ? t : t?.text;
  return Array.isArray(text) ? text.join(' ') : (text ?? 'chart');
}

interface SceneNode {
  marktype?: string;
  role?: string;
  items?: SceneNode[];
}

/** Counts the data marks' items (bars, points, line vertices, text) in a view's scenegraph; guides excluded. */
function countMarks(view: View): number {
  let n = 0;
  const walk = (node: SceneNode): void => {
    for (const item of node.items ?? []) {
      if (node.marktype && node.marktype !== 'group' && node.role === 'mark') n++;
      walk(item);
    }
  };
  walk((view.scenegraph() as unknown as { root: SceneNode }).root);
  return n;
}

/** A read-only hook for the browser tests: which charts are live, drawn, and with how many marks. */
export const chartProbe = {
  pending: (): number => pending,
  charts: (): { name: string; marks: number; error?: string; rendered: boolean }[] =>
    [...live].map((c) => ({ name: c.name, marks: c.view ? countMarks(c.view) : 0, error: c.error, rendered: !!c.view })),
};
