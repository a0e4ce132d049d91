// The browser test cases. Each gets a fresh page and a checker `t`; a case fails on a failed check,
// a console error or warning, a page error, a CSP violation, or a request leaving the page's origin.
import { readFileSync } from 'node:fs';
import { charts, choose, openTab, post, posted, screenshot, setTheme, settle, typeInto } from './harness.mjs';

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
const ONE = fixture('oneLabelSet');
const MANY = fixture('manyValues');
const LAYERS = fixture('layers');
const COMPARE_B = fixture('compareB');
const SENSITIVITY = fixture('sensitivity');
const PROJECTION = fixture('projection');

/** Tabs the user can see, in order. */
const visibleTabs = (page) => page.$$eval('vscode-panel-tab', (tabs) => tabs.filter((t) => !t.hasAttribute('hidden')).map((t) => t.dataset.tab));

/** Opens every visible tab and checks that it drew: each chart rendered with marks, no chart error. */
async function checkViews(t, page, expect, shots) {
  const tabs = await visibleTabs(page);
  t.same(tabs, Object.keys(expect), 'visible tabs');
  for (const [tab, minCharts] of Object.entries(expect)) {
    await openTab(page, tab);
    const list = await charts(page);
    t.check(list.length >= minCharts, `${tab}: ${list.length} charts, expected at least ${minCharts}`);
    for (const c of list) t.check(c.rendered && c.marks > 0 && !c.error, `${tab}: chart ${c.name} drew ${c.marks} marks${c.error ? ` (${c.error})` : ''}`);
    const text = await page.$eval(`[data-view="${tab}"] .view`, (v) => v.textContent.trim().length);
    t.check(text > 0, `${tab}: the view has content`);
    if (shots?.includes(tab)) await screenshot(page, `${t.name}-${tab}-${t.theme}`);
  }
}

/** Tab presses from the top of the page: what gets focus, in order. */
async function tabOrder(page, presses = 30) {
  await page.evaluate(() => document.activeElement?.blur());
  const seen = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    seen.push(
      await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || a === document.body) return 'body';
        const d = a.dataset;
        return `${a.tagName.toLowerCase()}${d.control ? `[${d.control}]` : ''}${d.action ? `{${d.action}}` : ''}${d.tab ? `#${d.tab}` : ''}${d.sort ? `^${d.sort}` : ''}`;
      }),
    );
  }
  return seen;
}

export const CASES = [
  {
    name: 'one-label-set',
    async run(t, page) {
      const sent = await posted(page);
      t.same(sent.map((m) => m.type), ['ready'], 'posts ready once at start');
      // The GPU probe rides on ready: headless Chromium has WebGL2 from SwiftShader, a software renderer.
      t.check(sent[0].gpu?.webgl2 === true && sent[0].gpu.software === true && /swiftshader/i.test(sent[0].gpu.renderer), `ready carries the WebGL2 probe: ${JSON.stringify(sent[0].gpu)}`);
      await post(page, { type: 'result', result: ONE });
      await checkViews(t, page, { summary: 1, labels: 1, anchors: 2, baseline: 1, sensitivity: 0, projection: 0 }, ['summary', 'labels', 'anchors', 'baseline']);
      await openTab(page, 'summary');
      const cards = await page.$$eval('[data-view="summary"] .card', (c) => c.length);
      t.check(cards >= 3, `summary shows cards (${cards})`);
      const warnings = await page.$$eval('.warnings li', (l) => l.map((x) => x.textContent));
      t.check(warnings.some((w) => w.includes('Skipped 3 of 600 rows')), 'summary shows the skipped-rows warning');
      // Keyboard: Tab reaches the controls and the tabs; arrows move between tabs.
      const order = await tabOrder(page, 24);
      for (const want of ['vscode-dropdown[label-set]', 'vscode-text-field[bins]', 'vscode-dropdown[temperature]', 'vscode-dropdown[similarity]', 'vscode-button{rerun}', 'vscode-button{export-json}', 'vscode-panel-tab#summary']) {
        t.check(order.includes(want), `Tab reaches ${want} (order: ${order.join(', ')})`);
      }
      await page.focus('#tab-summary');
      await page.keyboard.press('ArrowRight');
      await page.waitForSelector('[data-view="labels"] .view');
      await settle(page);
      t.check((await page.getAttribute('#tab-labels', 'aria-selected')) === 'true', 'ArrowRight on a tab selects the next tab');
      await screenshot(page, `${t.name}-keyboard-focus-${t.theme}`);
      // Re-run with changed settings posts only the changes.
      await typeInto(page, 'bins', '50');
      await choose(page, 'similarity', 'dot');
      await page.click('vscode-button[data-action="rerun"]');
      const last = (await posted(page)).at(-1);
      t.same(last, { type: 'rerun', settings: { bins: 50, similarity: 'dot' } }, 'Re-run posts the changed settings');
      await typeInto(page, 'bins', 'many');
      await page.click('vscode-button[data-action="rerun"]');
      t.check((await page.textContent('.field-error')).includes('whole number'), 'a bad anchor count is explained, not posted');
      // Exports.
      await page.click('vscode-button[data-action="export-csv"]');
      t.same((await posted(page)).at(-1), { type: 'export', format: 'csv' }, 'Export CSV posts export');
      await openTab(page, 'summary');
      await page.click('[data-chart="summary-regularity"] vscode-button[data-action="save-png"]');
      await page.waitForFunction(() => window.__posted.at(-1).type === 'saveChart');
      const png = (await posted(page)).at(-1);
      t.check(png.name === 'summary-regularity' && png.format === 'png' && png.data.startsWith('data:image/png;base64,') && png.data.length > 2000, 'PNG export posts a data: URL');
      await page.click('[data-chart="summary-regularity"] vscode-button[data-action="save-svg"]');
      await page.waitForFunction(() => window.__posted.at(-1).format === 'svg');
      const svg = (await posted(page)).at(-1);
      t.check(svg.data.startsWith('<svg') && svg.data.includes('</svg>'), 'SVG export posts SVG markup');
      // A result from before the per-anchor distributions: the Anchors view says so.
      const old = structuredClone(ONE);
      delete old.anchorDistribution;
      for (const set of Object.values(old.labelSets)) delete set.valueDistributions;
      await post(page, { type: 'result', result: old });
      await openTab(page, 'anchors');
      t.check((await page.textContent('[data-view="anchors"] .unavailable')).startsWith('Not available'), 'anchors without distributions: a clear note');
      t.same((await charts(page)).length, 0, 'and no empty chart');
    },
  },
  {
    name: 'many-values',
    async run(t, page) {
      await post(page, { type: 'result', result: MANY });
      // A dropdown from the keyboard: focus it, ArrowDown picks the next label set.
      await page.focus('vscode-dropdown[data-control="label-set"]');
      await page.keyboard.press('ArrowDown');
      await settle(page);
      t.same(await page.$eval('vscode-dropdown[data-control="label-set"]', (d) => d.value), 'style', 'ArrowDown on the label-set dropdown picks the next set');
      t.same(await page.evaluate(() => JSON.parse(sessionStorage.getItem('vscode-state')).labelSet), 'style', 'and the choice is kept in the state');
      await choose(page, 'label-set', 'token');
      await checkViews(t, page, { summary: 1, labels: 1, anchors: 1, baseline: 1, sensitivity: 0, projection: 0 }, ['labels', 'anchors', 'baseline']);
      await openTab(page, 'anchors');
      const note = await page.textContent('[data-view="anchors"] .unavailable');
      t.check(/only for label sets with at most 50 values.*76/.test(note), `anchors explains why token has no distributions (${note})`);
      await openTab(page, 'labels');
      const rows = await page.$$eval('table.values tbody tr', (r) => r.length);
      t.same(rows, 76, 'the table lists all 76 token values');
      const bars = (await charts(page)).find((c) => c.name.startsWith('labels-token'));
      const included = Object.values(MANY.labelSets.token.values).filter((v) => v.included).length;
      t.same(bars?.marks, Math.min(25, included) + 1, 'the chart shows the top 25 included values (and the H(Z) line)');
      await typeInto(page, 'label-search', 'w1');
      const filtered = await page.$$eval('table.values tbody td:first-child', (c) => c.map((x) => x.textContent));
      t.check(filtered.length > 0 && filtered.length < 76 && filtered.every((v) => v.toLowerCase().includes('w1')), `search filters the table (${filtered.length} rows)`);
      const status = await page.textContent('[data-view="labels"] [role="status"]');
      t.check(status.includes(`${filtered.length} of 76`), `the count says how many match (${status})`);
      // Sorting from the keyboard: focus a header button, Enter, visible focus ring.
      await page.focus('button[data-sort="count"]');
      await page.keyboard.press('Enter');
      await settle(page);
      const counts = await page.$$eval('table.values tbody td:nth-child(2)', (c) => c.map((x) => Number(x.textContent.replace(/,/g, ''))));
      t.check(counts.every((c, i) => i === 0 || counts[i - 1] >= c), 'Enter on "rows" sorts by count, most first');
      const ring = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        return `${s.outlineStyle} ${s.outlineWidth}`;
      });
      t.check(ring.startsWith('solid') && !ring.endsWith(' 0px'), `the focused sort button shows a focus ring (${ring})`);
      await screenshot(page, `${t.name}-labels-search-${t.theme}`);
      // The anchors heatmap for a set with distributions and more than 4 values.
      await choose(page, 'label-set', 'topic');
      await openTab(page, 'anchors');
      const heat = (await charts(page)).find((c) => c.name === 'anchors-topic-heatmap');
      t.check(heat && heat.marks === 7 * 100, `topic heatmap: 7 rows × 100 anchors (${heat?.marks})`);
      await screenshot(page, `${t.name}-anchors-heatmap-${t.theme}`);
      // Thousands of values: the search and the top-k chart stay quick.
      const big = structuredClone(MANY);
      for (let i = 0; i < 5000; i++) big.labelSets.token.values[`gen${i}`] = { count: 1 + (i % 9), entropy: 2 + (i % 17) / 10, included: i % 9 >= 4, informationGain: 0.5, regularity: 0.1 };
      await post(page, { type: 'result', result: big });
      await choose(page, 'label-set', 'token');
      await openTab(page, 'labels');
      const t0 = Date.now();
      await typeInto(page, 'label-search', 'gen12');
      const took = Date.now() - t0 - 250; // typeInto waits 250 ms for the search debounce
      const shown = await page.$$eval('table.values tbody tr', (r) => r.length);
      t.same(shown, 111, 'gen12, gen120…gen129, gen1200…gen1299 match');
      t.check(took < 1500, `search over 5076 values redraws in ${took} ms`);
      await typeInto(page, 'label-search', '');
      const capped = await page.$$eval('table.values tbody tr', (r) => r.length);
      t.same(capped, 200, 'the table draws at most 200 rows');
      t.check((await page.textContent('[data-view="labels"] [role="status"]')).includes('first 200'), 'and says so');
    },
  },
  {
    name: 'layers',
    async run(t, page) {
      await post(page, { type: 'result', result: LAYERS });
      await checkViews(t, page, { summary: 1, labels: 1, anchors: 2, layers: 5, baseline: 1, sensitivity: 0, projection: 0 }, ['summary', 'anchors', 'layers']);
      await openTab(page, 'layers');
      const plane = (await charts(page)).find((c) => c.name.startsWith('information-plane'));
      t.check(plane?.name === 'information-plane-topic-style', `plane defaults to topic → style (${plane?.name})`);
      await choose(page, 'plane-output', 'topic');
      await choose(page, 'plane-input', 'style');
      const after = (await charts(page)).find((c) => c.name.startsWith('information-plane'));
      t.same(after?.name, 'information-plane-style-topic', 'the input/output pickers redraw the plane');
      await screenshot(page, `${t.name}-plane-${t.theme}`);
      // Switching the layer shows that layer's numbers without a re-run.
      await openTab(page, 'summary');
      const before = await page.textContent('[data-card="H(Z), nats"] .value');
      await choose(page, 'layer', '0');
      const layer0 = await page.textContent('[data-card="H(Z), nats"] .value');
      t.check(before !== layer0 && layer0 === LAYERS.layers[0].entropy.toFixed(4), `layer 0 shows its H(Z) (${before} → ${layer0})`);
      // Theme changes re-theme the charts (background follows the body class and variables).
      await setTheme(page, t.theme === 'light' ? 'dark' : 'light');
      const bg = await page.evaluate(() => {
        const svg = document.querySelector('[data-chart="summary-regularity"] svg');
        return svg ? getComputedStyle(svg).backgroundColor : null;
      });
      const want = t.theme === 'light' ? 'rgb(31, 31, 31)' : 'rgb(255, 255, 255)';
      t.check(bg === want, `charts re-theme on a body class change (background ${bg}, want ${want})`);
      // Few values: one row of bars per value.
      await choose(page, 'label-set', 'style');
      await openTab(page, 'anchors');
      const bars = (await charts(page)).find((c) => c.name === 'anchors-style-bars');
      t.check(bars && bars.marks >= 2 * 100, `style: bars for 2 values × 100 anchors (${bars?.marks})`);
      await screenshot(page, `${t.name}-anchors-bars-${t.theme === 'light' ? 'dark' : 'light'}`);
      await setTheme(page, 'high-contrast');
      await openTab(page, 'layers');
      await screenshot(page, `${t.name}-layers-high-contrast`);
    },
  },
  {
    name: 'compare',
    async run(t, page) {
      await post(page, { type: 'compare', a: LAYERS, b: COMPARE_B });
      t.check((await page.getAttribute('#tab-compare', 'aria-selected')) === 'true', 'compare opens the Compare tab');
      await checkViews(t, page, { summary: 1, labels: 1, anchors: 2, layers: 5, baseline: 1, sensitivity: 0, compare: 3, projection: 0 }, ['compare']);
      await openTab(page, 'compare');
      const rows = await page.$$eval('[data-view="compare"] table tbody tr', (r) => r.length);
      t.same(rows, 2 + 2 * 2, 'side-by-side table: H, H/ln n, and I + corrected I per label set');
    },
  },
  {
    name: 'sensitivity',
    async run(t, page) {
      await post(page, { type: 'result', result: LAYERS });
      await openTab(page, 'sensitivity');
      await page.click('vscode-button[data-action="run-sensitivity"]');
      t.same((await posted(page)).at(-1), { type: 'sensitivity', temperatureScales: [0.25, 0.5, 1, 2, 4], binCounts: [10, 25, 50, 100, 200, 400], seeds: 3 }, 'Run posts the scans');
      await post(page, { type: 'busy', what: 'sensitivity', rowsDone: 1200, rowsTotal: 9000 });
      const busy = await page.textContent('[data-busy="sensitivity"]');
      t.check(busy.includes('1,200 of 9,000'), `progress shows (${busy.trim()})`);
      t.check(await page.$eval('vscode-button[data-action="run-sensitivity"]', (b) => b.hasAttribute('disabled')), 'Run is disabled while scanning');
      await screenshot(page, `${t.name}-busy-${t.theme}`);
      await page.click('[data-busy="sensitivity"] vscode-button[data-action="cancel"]');
      t.same((await posted(page)).at(-1), { type: 'cancel' }, 'Cancel posts cancel');
      await post(page, { type: 'failed', what: 'sensitivity', message: 'Cancelled.' });
      t.check((await page.textContent('.status [role="alert"]')).includes('Cancelled.'), 'a cancelled scan says so');
      await post(page, SENSITIVITY);
      const list = await charts(page);
      t.same(list.map((c) => c.name).sort(), ['sensitivity-anchors-entropy', 'sensitivity-anchors-information', 'sensitivity-temperature-entropy', 'sensitivity-temperature-information'], 'four scan charts');
      for (const c of list) t.check(c.marks > 10, `${c.name} drew ${c.marks} marks`);
      await screenshot(page, `${t.name}-charts-${t.theme}`);
      await choose(page, 'sensitivity-scale', 'relative');
      const rel = await charts(page);
      t.check(rel.length === 4 && rel.every((c) => c.marks > 10), 'relative scale redraws the four charts');
      await screenshot(page, `${t.name}-relative-${t.theme}`);
      // The Sweep command: from another tab, the dashboard shows Sensitivity and starts the scans itself.
      await openTab(page, 'summary');
      await post(page, { type: 'sweep' });
      t.same((await posted(page)).at(-1), { type: 'sensitivity', temperatureScales: [0.25, 0.5, 1, 2, 4], binCounts: [10, 25, 50, 100, 200, 400], seeds: 3 }, 'sweep posts the scans');
      t.check(await page.$('[data-view="sensitivity"] .view'), 'sweep shows the Sensitivity view');
    },
  },
  {
    name: 'projection',
    async run(t, page) {
      await post(page, { type: 'result', result: LAYERS });
      await openTab(page, 'projection');
      await page.click('vscode-button[data-action="run-projection"]');
      t.same((await posted(page)).at(-1), { type: 'projection', layer: 3 }, 'the button posts projection for the shown layer');
      await post(page, { type: 'busy', what: 'projection', rowsDone: 0, rowsTotal: 0 });
      t.check(!!(await page.$('[data-busy="projection"] vscode-progress-ring')), 'unknown progress shows a ring');
      await post(page, PROJECTION);
      const c = (await charts(page)).find((x) => x.name.startsWith('projection'));
      t.check(c && c.marks >= 3000 + 100, `scatter drew the points and anchors (${c?.marks})`);
      t.check(!(await page.$('[data-busy]')), 'the result ends the busy state');
      const title = await page.evaluate(() => document.querySelector('[data-chart^="projection"] canvas') !== null);
      t.check(title, 'the scatter draws on a canvas');
      await screenshot(page, `${t.name}-topic-${t.theme}`);
      await choose(page, 'projection-colour', 'style');
      await screenshot(page, `${t.name}-style-${t.theme}`);
    },
  },
  {
    name: 'failed',
    async run(t, page) {
      await post(page, { type: 'busy', what: 'analysis', rowsDone: 100, rowsTotal: 600 });
      // Before any result (a dashboard opened for its first analysis): the page title, the progress, no "Waiting…".
      t.same(await page.textContent('h1'), 'Entropy', 'the empty dashboard is headed with the page title');
      t.check((await page.textContent('[data-busy="analysis"]')).includes('100 of 600 rows'), 'the empty dashboard shows the progress');
      t.check(!(await page.textContent('#app')).includes('Waiting for the analysis'), 'progress replaces "Waiting for the analysis…"');
      await post(page, { type: 'failed', what: 'analysis', message: 'Cancelled.' });
      t.same(await page.textContent('.failure h2'), 'The analysis was cancelled', 'a cancelled first analysis says so');
      await post(page, { type: 'failed', what: 'analysis', message: 'labels.tsv has 599 rows but embeddings.npy has 600.' });
      t.same(await page.textContent('.failure h2'), 'The analysis failed', 'a failed one says so');
      const alert = await page.textContent('[role="alert"]');
      t.check(alert.includes('599 rows'), 'the error state shows the message');
      await screenshot(page, `${t.name}-no-result-${t.theme}`);
      await page.click('vscode-button[data-action="rerun"]');
      t.same((await posted(page)).at(-1), { type: 'rerun' }, 'Try again posts rerun');
      await post(page, { type: 'result', result: ONE });
      t.check(!(await page.$('.failure')), 'a result replaces the error state');
      await post(page, { type: 'failed', what: 'analysis', message: 'Worker crashed.' });
      t.check((await page.textContent('.status [role="alert"]')).includes('Worker crashed.'), 'a later failure shows above the kept result');
      t.check(!!(await page.$('[data-view="summary"] .card')), 'the previous result stays on screen');
      await screenshot(page, `${t.name}-with-result-${t.theme}`);
    },
  },
  {
    name: 'state-restore',
    async run(t, page) {
      await post(page, { type: 'result', result: MANY });
      await choose(page, 'label-set', 'token');
      await openTab(page, 'labels');
      await typeInto(page, 'label-search', 'w2');
      await page.reload();
      await settle(page);
      t.same((await posted(page)).map((m) => m.type), ['ready'], 'posts ready again after a reload');
      t.check((await page.getAttribute('#tab-labels', 'aria-selected')) === 'true', 'the tab is restored');
      const q = await page.$eval('vscode-text-field[data-control="label-search"]', (f) => f.value);
      t.same(q, 'w2', 'the search is restored');
      const sel = await page.$eval('vscode-dropdown[data-control="label-set"]', (d) => d.value);
      t.same(sel, 'token', 'the label set is restored');
      const list = await charts(page);
      t.check(list.length === 1 && list[0].marks > 0, 'the restored view draws before the host answers');
    },
  },
];
