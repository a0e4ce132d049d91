// Outside VS Code (the standalone report) nobody sets VS Code's theme variables: this puts a light or
// dark set on the page, following the browser's prefers-color-scheme, in the same places VS Code
// uses (variables on <html>, a theme class on <body>), so the toolkit and the charts need no other path.

/** VS Code's Light Modern / Dark Modern colours for the variables our pages and the toolkit read. */
const THEMES: Record<'light' | 'dark', Record<string, string>> = {
  light: {
    'editor-background': '#ffffff',
    foreground: '#3b3b3b',
    descriptionForeground: '#717171',
    'panel-border': '#e5e5e5',
    'editorWidget-background': '#f8f8f8',
    'widget-border': '#e5e5e5',
    focusBorder: '#005fb8',
    'button-background': '#005fb8',
    'button-foreground': '#ffffff',
    'button-hoverBackground': '#0258a8',
    'button-secondaryBackground': '#e5e5e5',
    'button-secondaryForeground': '#3b3b3b',
    'button-secondaryHoverBackground': '#cccccc',
    'dropdown-background': '#ffffff',
    'dropdown-border': '#cecece',
    'dropdown-foreground': '#3b3b3b',
    'input-background': '#ffffff',
    'input-foreground': '#3b3b3b',
    'input-placeholderForeground': '#767676',
    'list-activeSelectionBackground': '#e8e8e8',
    'list-activeSelectionForeground': '#000000',
    'list-hoverBackground': '#f2f2f2',
    'panelTitle-activeBorder': '#005fb8',
    'panelTitle-activeForeground': '#3b3b3b',
    'panelTitle-inactiveForeground': '#3b3b3b',
    'progressBar-background': '#005fb8',
    'editorWarning-foreground': '#bf8803',
    errorForeground: '#f85149',
    'textLink-foreground': '#005fb8',
    'charts-lines': '#00000021',
    'settings-dropdownListBorder': '#cecece',
    'badge-background': '#cccccc',
    'badge-foreground': '#3b3b3b',
  },
  dark: {
    'editor-background': '#1f1f1f',
    foreground: '#cccccc',
    descriptionForeground: '#9d9d9d',
    'panel-border': '#2b2b2b',
    'editorWidget-background': '#202020',
    'widget-border': '#313131',
    focusBorder: '#0078d4',
    'button-background': '#0078d4',
    'button-foreground': '#ffffff',
    'button-hoverBackground': '#026ec1',
    'button-secondaryBackground': '#313131',
    'button-secondaryForeground': '#cccccc',
    'button-secondaryHoverBackground': '#3c3c3c',
    'dropdown-background': '#313131',
    'dropdown-border': '#3c3c3c',
    'dropdown-foreground': '#cccccc',
    'input-background': '#313131',
    'input-foreground': '#cccccc',
    'input-placeholderForeground': '#989898',
    'list-activeSelectionBackground': '#04395e',
    'list-activeSelectionForeground': '#ffffff',
    'list-hoverBackground': '#2a2d2e',
    'panelTitle-activeBorder': '#0078d4',
    'panelTitle-activeForeground': '#cccccc',
    'panelTitle-inactiveForeground': '#9d9d9d',
    'progressBar-background': '#0078d4',
    'editorWarning-foreground': '#cca700',
    errorForeground: '#f85149',
    'textLink-foreground': '#4daafc',
    'charts-lines': '#ffffff26',
    'settings-dropdownListBorder': '#3c3c3c',
    'badge-background': '#616161',
    'badge-foreground': '#f8f8f8',
  },
};

/** Applies the light or dark set now and whenever the browser's colour scheme changes. */
export function useStandaloneTheme(): void {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = (): void => {
    const kind = query.matches ? 'dark' : 'light';
    const root = document.documentElement.style;
    root.setProperty('--vscode-font-family', 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif');
    root.setProperty('--vscode-font-size', '13px');
    for (const [k, v] of Object.entries(THEMES[kind])) root.setProperty(`--vscode-${k}`, v);
    document.body.classList.remove('vscode-light', 'vscode-dark');
    document.body.classList.add(`vscode-${kind}`);
    document.body.dataset.vscodeThemeKind = `vscode-${kind}`;
  };
  apply();
  query.addEventListener('change', apply);
}
