// The only module that knows about @vscode/webview-ui-toolkit: registers the components we use and
// wraps them in tiny helpers, so swapping the toolkit later touches this file alone.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDropdown,
  vsCodeOption,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeProgressRing,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

let registered = false;

/** Registers the toolkit's custom elements (once). */
export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDropdown(), vsCodeOption(), vsCodePanels(), vsCodePanelTab(), vsCodePanelView(), vsCodeProgressRing(), vsCodeTextField());
}

function make(tag: string, attrs: Record<string, string | undefined>, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

export interface ButtonOptions {
  appearance?: 'primary' | 'secondary' | 'icon';
  /** Accessible name when the visible label is terse ("PNG"). */
  ariaLabel?: string;
  title?: string;
  /** Marks the button for report mode / tests, e.g. 'rerun'. */
  action?: string;
}

/** A toolkit button. */
export function button(label: string, onClick: () => void, o: ButtonOptions = {}): HTMLElement {
  const b = make('vscode-button', { appearance: o.appearance ?? 'primary', 'aria-label': o.ariaLabel, title: o.title, 'data-action': o.action }, label);
  b.addEventListener('click', () => {
    if (b.hasAttribute('disabled')) return;
    onClick();
  });
  return b;
}

/** Enables or disables a toolkit control. */
export function setDisabled(control: HTMLElement, disabled: boolean): void {
  control.toggleAttribute('disabled', disabled);
}

export interface Choice<T extends string> {
  value: T;
  label: string;
}

/** A labelled toolkit dropdown; `onChange` gets the chosen value. */
export function dropdown<T extends string>(label: string, choices: Choice<T>[], value: T, onChange: (v: T) => void, name?: string): HTMLElement {
  const dd = make('vscode-dropdown', { 'aria-label': label, 'data-control': name, position: 'below' }) as HTMLElement & { value: string };
  for (const c of choices) {
    const o = make('vscode-option', { value: c.value }, c.label);
    if (c.value === value) o.setAttribute('selected', '');
    dd.append(o);
  }
  dd.addEventListener('change', () => onChange(dd.value as T));
  return make('label', { class: 'field' }, make('span', { class: 'field-label' }, label), dd);
}

export interface TextFieldOptions {
  placeholder?: string;
  size?: number;
  /** Fires on every keystroke (search boxes) rather than on commit. */
  live?: boolean;
  name?: string;
}

/** A labelled toolkit text field. */
export function textField(label: string, value: string, onValue: (v: string) => void, o: TextFieldOptions = {}): HTMLElement {
  const tf = make('vscode-text-field', { 'aria-label': label, placeholder: o.placeholder, size: o.size ? String(o.size) : undefined, value, 'data-control': o.name }) as HTMLElement & { value: string };
  tf.addEventListener(o.live ? 'input' : 'change', () => onValue(tf.value));
  return make('label', { class: 'field' }, make('span', { class: 'field-label' }, label), tf);
}

/** The inner control of a field made by `dropdown` or `textField` (to read or change its value). */
export function fieldControl(field: HTMLElement): HTMLElement & { value: string } {
  return field.querySelector('vscode-dropdown, vscode-text-field') as HTMLElement & { value: string };
}

/** A small indeterminate progress ring. */
export function progressRing(): HTMLElement {
  return make('vscode-progress-ring', { 'aria-label': 'Working' });
}

export interface TabDef {
  id: string;
  label: string;
}

/** Keyboard-navigable tabs (arrow keys, Home, End) with one panel per tab. */
export interface Tabs {
  element: HTMLElement;
  /** The panel element of a tab, to render its view into (undefined for an unknown tab). */
  panel(id: string): HTMLElement | undefined;
}

/** Toolkit panels; `onSelect` fires when the user picks a tab. */
export function tabs(defs: TabDef[], active: string, onSelect: (id: string) => void): Tabs {
  const root = make('vscode-panels', { 'aria-label': 'Dashboard views', activeid: `tab-${active}` });
  const panels = new Map<string, HTMLElement>();
  for (const d of defs) root.append(make('vscode-panel-tab', { id: `tab-${d.id}`, 'data-tab': d.id }, d.label));
  for (const d of defs) {
    const p = make('vscode-panel-view', { id: `view-${d.id}`, 'data-view': d.id });
    panels.set(d.id, p);
    root.append(p);
  }
  let current = active;
  root.addEventListener('change', (e) => {
    // Only the panels' own event: a dropdown's 'change' inside a view bubbles up to here too.
    if (e.target !== root) return;
    const id = (e as CustomEvent<HTMLElement | undefined>).detail?.dataset.tab;
    if (!id || id === current) return;
    current = id;
    onSelect(id);
  });
  return { element: root, panel: (id) => panels.get(id) };
}
