import * as vscode from 'vscode';
import { nonce } from '../core/report/nonce';

/** Webview options shared by every page: scripts on, resources only from dist/ and media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')] };
}

/**
 * The one HTML builder for our webviews. CSP rules:
 * - `default-src 'none'`: nothing loads unless listed below;
 * - `script-src 'nonce-…'`: only our bundles, never inline, never string eval (charts run
 *   through vega-interpreter; gpu.js's WebGL2 kernels compile GLSL, not JavaScript). The dashboard
 *   adds its GPU bundle (named by `data-gpu`) itself, with the same nonce, on first use;
 * - `style-src ${cspSource} 'unsafe-inline'`: our stylesheet, plus inline styles that vega and the
 *   webview UI toolkit set on elements;
 * - `img-src ${cspSource} data: blob:`: media/ icons and exported chart images;
 * - `font-src ${cspSource}`: the codicon font if used.
 */
export function buildHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: 'dashboard' | 'overview', title: string): string {
  const n = nonce();
  const asset = (f: string): vscode.Uri => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', f));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${n}'`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `img-src ${webview.cspSource} data: blob:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset(`${page}.css`)}">
<title>${title.replace(/[<>&"]/g, '')}</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${n}" src="${asset(`${page}.js`)}"${page === 'dashboard' ? ` data-gpu="${asset('gpu.js')}"` : ''}></script>
</body>
</html>`;
}
