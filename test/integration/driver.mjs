// The UI driver of the code-server launcher: a small HTTP server on 127.0.0.1 through which the suites
// (running in the extension host) ask Playwright to act on the workbench in Chromium: right-click in
// the explorer, click a notification's button, pick from a quick input, read and click in webviews, take
// screenshots. Every action has a timeout and answers { ok, value } or { ok: false, error }.
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const asList = (x) => (Array.isArray(x) ? x : [x]);

/** Polls `fn` until it returns something other than undefined; throws after `timeoutMs`. */
async function poll(what, fn, timeoutMs) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** The actions; `page` is the workbench page. */
function actions(page, shotsDir) {
  const shot = (name) => page.screenshot({ path: join(shotsDir, `${name.replace(/[^\w.-]+/g, '_')}.png`) });

  const buttonIn = (item, label) => item.locator('.monaco-button').filter({ hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) });

  /** The visible notification (toast or notification centre) whose text holds every string of `contains` (and that has `button`). */
  const findNotification = async (contains, button) => {
    for (const item of await page.locator('.notification-list-item').all()) {
      const text = await item.innerText({ timeout: 1000 }).catch(() => '');
      if (!text || !contains.every((c) => text.includes(c)) || !(await item.isVisible())) continue;
      if (button && (await buttonIn(item, button).count()) === 0) continue;
      return { item, text: text.replace(/\s+/g, ' ').trim() };
    }
    return undefined;
  };

  const bell = page.locator('[id="status.notifications"]');
  const centre = page.locator('.notifications-center');
  /** Toggles the notification centre to `open`. */
  const setCentre = async (open) => {
    if ((await centre.isVisible().catch(() => false)) !== open) await bell.click({ timeout: 5000 });
  };

  /**
   * Polls the toasts for the notification; after a few seconds also the notification centre: VS Code
   * shows at most three new toasts per 0.8 s and none while the centre is open, so a notification
   * can be in the centre only. `keepCentre` leaves the centre open (to click in it).
   */
  const waitForNotification = async (contains, button, timeoutMs, keepCentre = false) => {
    const t0 = Date.now();
    let viaCentre = false;
    try {
      return await poll(
        `a notification with "${contains.join('", "')}"${button ? ` and a ${button} button` : ''}`,
        async () => {
          const n = await findNotification(contains, button);
          if (n) return { ...n, viaCentre };
          if (!viaCentre && Date.now() - t0 > 3000) {
            viaCentre = true;
            await setCentre(true);
          }
          return undefined;
        },
        timeoutMs,
      );
    } finally {
      if (viaCentre && !keepCentre) await setCentre(false).catch(() => undefined);
    }
  };

  return {
    async screenshot({ name }) {
      await shot(name);
      return name;
    },

    /** Right-clicks `name` in the explorer; returns the context menu's item labels. */
    async contextMenu({ name, screenshot, timeoutMs }) {
      const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
      await row.waitFor({ state: 'visible', timeout: timeoutMs });
      // Right-click only: a left click would open the file, and an editor taking focus closes the menu.
      await row.click({ button: 'right' });
      const labels = page.locator('.context-view .monaco-menu .action-label');
      const items = await poll(
        'the context menu',
        async () => {
          const texts = (await labels.allInnerTexts()).map((s) => s.trim()).filter(Boolean);
          return texts.length ? texts : undefined;
        },
        timeoutMs,
      );
      await sleep(200); // let it paint for the screenshot
      if (screenshot) await shot(screenshot);
      await page.keyboard.press('Escape');
      await page.locator('.context-view .monaco-menu').waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
      return items;
    },

    /** Waits for a notification holding `contains`; returns its text. */
    async waitNotification({ contains, timeoutMs }) {
      const n = await waitForNotification(asList(contains), undefined, timeoutMs);
      return { text: n.text, viaCentre: n.viaCentre };
    },

    /** Waits for a notification holding `contains`, clicks its `button`; returns { text, clickedAt }. */
    async clickNotificationButton({ contains, button, screenshot, timeoutMs }) {
      const n = await waitForNotification(asList(contains), button, timeoutMs, true);
      const b = buttonIn(n.item, button);
      await n.item.hover();
      if (screenshot) await shot(screenshot);
      await b.first().waitFor({ state: 'visible', timeout: 5000 });
      const clickedAt = Date.now();
      await b.first().click({ timeout: 5000 });
      if (n.viaCentre) await setCentre(false).catch(() => undefined);
      return { text: n.text, clickedAt, viaCentre: n.viaCentre };
    },

    /** Picks the quick-input row whose label starts with `pick`; returns every row's label. */
    async quickPick({ pick, screenshot, timeoutMs }) {
      const rows = page.locator('.quick-input-widget .monaco-list-row');
      await rows.first().waitFor({ state: 'visible', timeout: timeoutMs });
      await sleep(200);
      const labels = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''))).map((s) => s.trim());
      if (screenshot) await shot(screenshot);
      const i = labels.findIndex((l) => l.startsWith(pick));
      if (i < 0) await page.keyboard.press('Escape');
      else await rows.nth(i).click();
      return labels;
    },

    /** The text of the first webview whose page holds every string of `contains`. */
    async webviewText({ contains, timeoutMs }) {
      return (await webviewFrame(asList(contains), timeoutMs)).text;
    },

    /** Clicks `selector` in the first webview whose page holds every string of `contains`. */
    async webviewClick({ contains, selector, timeoutMs }) {
      const { frame } = await webviewFrame(asList(contains), timeoutMs);
      await frame.locator(selector).first().click({ timeout: 5000 });
      return true;
    },

    /** Types `value` into the input `selector` of that webview (fill, then Tab, as a user leaves the field). */
    async webviewFill({ contains, selector, value, timeoutMs }) {
      const { frame } = await webviewFrame(asList(contains), timeoutMs);
      const input = frame.locator(selector).first();
      await input.fill(String(value), { timeout: 5000 });
      await input.press('Tab');
      return true;
    },
  };

  /** The first webview frame (not the workbench) whose text holds every string of `want`, and that text. */
  async function webviewFrame(want, timeoutMs) {
    return poll(
      `a webview showing "${want.join('", "')}"`,
      async () => {
        for (const f of page.frames()) {
          if (f === page.mainFrame()) continue;
          const text = await f.evaluate(() => document.body?.innerText ?? '').catch(() => '');
          if (text && want.every((c) => text.includes(c))) return { frame: f, text };
        }
        return undefined;
      },
      timeoutMs,
    );
  }
}

/**
 * Starts the driver's HTTP server; `setPage(page)` attaches the workbench page once it is open
 * (actions asked earlier wait for it). Resolves to { url, setPage, close }.
 */
export async function startDriver({ shotsDir, logFile }) {
  mkdirSync(shotsDir, { recursive: true });
  let attach;
  const pageReady = new Promise((r) => (attach = r));
  let acts;
  const log = (m) => appendFileSync(logFile, `${new Date().toISOString()} ${m}\n`);
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      let answer;
      let args = {};
      try {
        args = JSON.parse(body || '{}');
        let timer;
        const page = await Promise.race([pageReady, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the workbench page never opened')), 60_000)))]).finally(() => clearTimeout(timer));
        acts ??= actions(page, shotsDir);
        const fn = acts[args.action];
        if (!fn) throw new Error(`unknown action ${args.action}`);
        log(`→ ${body}`);
        answer = { ok: true, value: await fn({ timeoutMs: 30_000, ...args }) };
      } catch (e) {
        answer = { ok: false, error: e.message };
        if (acts) await acts.screenshot({ name: `error-${args.action ?? 'request'}-${Date.now()}` }).catch(() => undefined);
      }
      log(`← ${JSON.stringify(answer).slice(0, 2000)}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    setPage: (page) => attach(page),
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
