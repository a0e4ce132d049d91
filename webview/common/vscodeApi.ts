/** The VS Code webview API (acquired once), with typed messages and state. */
interface VsCodeApi<State, Out> {
  postMessage(message: Out): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State, Out>(): VsCodeApi<State, Out>;

let api: unknown;

/**
 * The page's VS Code API. Outside VS Code (the standalone report, browser tests) a stand-in keeps
 * state in memory and drops messages.
 */
export function vscodeApi<State, Out>(): VsCodeApi<State, Out> {
  if (api) return api as VsCodeApi<State, Out>;
  if (typeof acquireVsCodeApi === 'function') {
    api = acquireVsCodeApi<State, Out>();
  } else {
    let state: State | undefined;
    api = { postMessage: () => undefined, getState: () => state, setState: (s: State) => (state = s) } satisfies VsCodeApi<State, Out>;
  }
  return api as VsCodeApi<State, Out>;
}

/** Creates an element with attributes and children (text or nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** A number for display: 4 decimals, or an em dash for null. */
export const fmt = (x: number | null | undefined, digits = 4): string => (x == null || !Number.isFinite(x) ? '—' : x.toFixed(digits));
