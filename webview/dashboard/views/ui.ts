// Small DOM helpers shared by the views.
import { el } from '../../common/vscodeApi';

/** A metric card: big value, label, and a one-line explanation (also its tooltip). */
export function card(label: string, value: string, explain: string, extra?: string): HTMLElement {
  return el(
    'div',
    { class: 'card', title: explain, 'data-card': label },
    el('div', { class: 'value' }, value),
    el('div', { class: 'label' }, label),
    ...(extra ? [el('div', { class: 'extra muted' }, extra)] : []),
  );
}

/** A muted explanatory paragraph. */
export const note = (text: string, cls = 'note'): HTMLElement => el('p', { class: `muted ${cls}` }, text);

/** A "not available" box saying why and what would make it available. */
export const unavailable = (text: string): HTMLElement => el('div', { class: 'unavailable', role: 'note' }, text);

/** A section with a heading. */
export function section(title: string, ...children: (Node | string)[]): HTMLElement {
  return el('section', { class: 'section' }, el('h2', {}, title), ...children);
}

/** A simple table: header row and body rows of text cells (first column left-aligned). */
export function table(label: string, head: string[], rows: (string | Node)[][]): HTMLTableElement {
  const t = el('table', { 'aria-label': label });
  t.append(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))));
  t.append(el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))));
  return t;
}

/** A row of controls. */
export const controlRow = (...children: Node[]): HTMLElement => el('div', { class: 'control-row' }, ...children);

/** Two-or-more charts side by side when there is room. */
export const grid = (...children: Node[]): HTMLElement => el('div', { class: 'chart-grid' }, ...children);
