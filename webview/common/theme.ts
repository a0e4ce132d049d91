// Chart colours from VS Code's theme: read the CSS variables VS Code puts on the page into a vega
// config, and tell the charts when the theme changes (VS Code swaps the body class).
import type { Config } from 'vega-lite';

/** Which kind of theme the page shows (VS Code's body classes). */
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** The colours the charts use, resolved for the current theme. */
export interface ChartTheme {
  kind: ThemeKind;
  background: string;
  foreground: string;
  /** Secondary text: axis labels, notes. */
  muted: string;
  grid: string;
  /** The primary series colour. */
  accent: string;
  /** Categorical palette, distinguishable on this theme's background. */
  palette: string[];
  font: string;
  fontSize: number;
}

// VS Code's chart colours (tuned per theme, high contrast included) where the host sets them; our
// own for the rest and as fallbacks (standalone report). Yellow goes late: next to orange it is
// hard to tell apart, so the first eight categories avoid that pair.
const CHART_VARS = ['blue', 'orange', 'green', 'red', 'purple'];
const LATE_VAR = 'yellow';
const LIGHT = { base: ['#1a85ff', '#d16d00', '#388a34', '#d0021b', '#7e3fb2'], extra: ['#0e8a9a', '#c2418f', '#8c564b'], yellow: '#a37800', grey: '#6b6b6b' };
const DARK = { base: ['#4daafc', '#f5a35c', '#89d185', '#f48771', '#c195e6'], extra: ['#4fd6e8', '#f39ad6', '#c8a07e'], yellow: '#e2c08d', grey: '#b0b0b0' };

/** The theme kind from the body's class (VS Code sets exactly one of these). */
export function themeKind(body: HTMLElement = document.body): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-dark')) return 'dark';
  return 'light';
}

const isDarkKind = (k: ThemeKind): boolean => k === 'dark' || k === 'high-contrast';

/** Reads the current theme's colours from the page's computed styles. */
export function readChartTheme(): ChartTheme {
  const kind = themeKind();
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const dark = isDarkKind(kind);
  const hc = kind.startsWith('high-contrast');
  const foreground = v('--vscode-foreground', dark ? '#cccccc' : '#3b3b3b');
  const own = dark ? DARK : LIGHT;
  const chart = (c: string, fallback: string): string => style.getPropertyValue(`--vscode-charts-${c}`).trim() || fallback;
  const palette = [...new Set([...CHART_VARS.map((c, i) => chart(c, own.base[i])), ...own.extra, chart(LATE_VAR, own.yellow), own.grey])];
  const grid = hc ? v('--vscode-contrastBorder', foreground) : v('--vscode-charts-lines', dark ? '#ffffff26' : '#00000021');
  return {
    kind,
    background: v('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    grid,
    accent: palette[0],
    palette,
    font: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(v('--vscode-font-size', '13px')) || 13,
  };
}

/** A vega-lite config that draws charts in the theme's colours. */
export function vegaConfig(t: ChartTheme): Config {
  const small = Math.max(10, t.fontSize - 2);
  const axis = {
    domainColor: t.grid,
    gridColor: t.grid,
    tickColor: t.grid,
    labelColor: t.muted,
    titleColor: t.foreground,
    labelFont: t.font,
    titleFont: t.font,
    labelFontSize: small,
    titleFontSize: small + 1,
    titleFontWeight: 'normal' as const,
  };
  return {
    background: t.background,
    font: t.font,
    view: { stroke: t.grid },
    title: { color: t.foreground, subtitleColor: t.muted, font: t.font, fontSize: t.fontSize + 1, subtitleFontSize: small, anchor: 'start', fontWeight: 600, offset: 10 },
    axis,
    axisQuantitative: { tickCount: 6 },
    legend: { labelColor: t.foreground, titleColor: t.foreground, labelFont: t.font, titleFont: t.font, labelFontSize: small, titleFontSize: small, titleFontWeight: 'normal', symbolStrokeColor: t.foreground },
    header: { labelColor: t.foreground, titleColor: t.foreground, labelFont: t.font, titleFont: t.font, labelFontSize: small, titleFontSize: small },
    mark: { color: t.accent },
    rule: { color: t.muted },
    text: { color: t.foreground, font: t.font },
    // Reference lines (diagonal, ln n, H(Z), uniform) in the secondary text colour.
    style: { reference: { color: t.muted } },
    range: { category: t.palette, heatmap: [t.background, t.accent], ramp: [t.background, t.accent] },
  };
}

/** Calls `onChange` after VS Code changes the theme (body class) or the OS colour scheme changes. */
export function onThemeChange(onChange: () => void): () => void {
  let pending = 0;
  const fire = (): void => {
    cancelAnimationFrame(pending);
    // Let VS Code finish swapping the CSS variables before reading them.
    pending = requestAnimationFrame(() => onChange());
  };
  const observer = new MutationObserver(fire);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
