import { nonce } from './nonce';
import type { AnalysisResult } from './result';

/** Id of the element holding the result; the dashboard bundle looks for it (webview/dashboard/main.ts). */
export const REPORT_DATA_ID = 'embedding-entropy-report';

/**
 * Makes text safe inside a <script> or <style> element: no closing tag, and (in scripts) no
 * `<!--`, which could switch the HTML parser into a state where `</script>` no longer closes.
 * In a bundle these sequences only occur inside strings, template literals, regular expressions
 * and comments, where `\x3C` reads as `<` (and in CSS, `\3C ` does).
 */
function inlineSafe(text: string, tag: 'script' | 'style'): string {
  if (tag === 'style') return text.replace(/<\/(style)/gi, '\\3C/$1');
  return text.replace(/<\/(script)/gi, '\\x3C/$1').replace(/<!--/g, '\\x3C!--');
}

/** JSON that cannot end the <script> element it sits in, whatever strings the result holds. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * One self-contained HTML file showing `result` with the dashboard: the bundle (`dist/webview/dashboard.js`)
 * and its stylesheet (`dashboard.css`) are inlined, nothing is loaded from anywhere, and it works
 * offline from a file:// URL in any current browser. The page's CSP allows only its own nonce'd
 * script, inline styles (vega and the toolkit set them) and data:/blob: images (chart export);
 * no string eval is allowed (charts run through vega-interpreter). The dashboard sees the embedded result,
 * hides the actions that need VS Code (re-run, scans, projection), saves exports as downloads and
 * follows the browser's light/dark preference.
 */
export function buildReportHtml(result: AnalysisResult, bundleJs: string, css: string): string {
  const n = nonce();
  const csp = ["default-src 'none'", `script-src 'nonce-${n}'`, "style-src 'unsafe-inline'", 'img-src data: blob:'].join('; ');
  // Source-map comments would point at files that do not travel with the report.
  const js = bundleJs.replace(/^\/\/# sourceMappingURL=.*$/gm, '');
  const styles = css.replace(/^\/\*# sourceMappingURL=.*\*\/$/gm, '');
  const name = result.source.split(/[\\/]/).pop() || result.source;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="Embedding Entropy">
<title>${escapeHtml(`Entropy: ${name}`)}</title>
<style>
${inlineSafe(styles, 'style')}
</style>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script type="application/json" id="${REPORT_DATA_ID}">${inlineJson(result)}</script>
<script nonce="${n}">
${inlineSafe(js, 'script')}
</script>
</body>
</html>
`;
}
