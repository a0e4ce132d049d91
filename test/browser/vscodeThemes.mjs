// The CSS variables VS Code puts on a webview's <html> (a subset: what our pages and the toolkit
// read), for Light Modern, Dark Modern and Dark High Contrast, with the body class of each.
const common = {
  'font-family': '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
};

export const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      ...common,
      'editor-background': '#ffffff', foreground: '#3b3b3b', descriptionForeground: '#717171', 'panel-border': '#e5e5e5',
      'editorWidget-background': '#f8f8f8', focusBorder: '#005fb8', 'button-background': '#005fb8', 'button-foreground': '#ffffff',
      'button-hoverBackground': '#0258a8', 'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b',
      'button-secondaryHoverBackground': '#cccccc', 'button-border': '#0000001a', 'dropdown-background': '#ffffff', 'dropdown-border': '#cecece',
      'dropdown-foreground': '#3b3b3b', 'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-placeholderForeground': '#767676',
      'input-border': '#cecece', 'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000', 'list-hoverBackground': '#f2f2f2',
      'panelTitle-activeBorder': '#005fb8', 'panelTitle-activeForeground': '#3b3b3b', 'panelTitle-inactiveForeground': '#3b3b3b',
      'progressBar-background': '#005fb8', 'editorWarning-foreground': '#bf8803', errorForeground: '#f85149', 'textLink-foreground': '#005fb8',
      'charts-foreground': '#616161', 'charts-lines': 'rgba(97, 97, 97, 0.5)', 'charts-red': '#e51400', 'charts-blue': '#1a85ff',
      'charts-yellow': '#bf8803', 'charts-orange': '#d18616', 'charts-green': '#388a34', 'charts-purple': '#652d90',
      'settings-dropdownListBorder': '#cecece', 'editorHoverWidget-background': '#f8f8f8', 'editorHoverWidget-border': '#c8c8c8',
      'widget-shadow': 'rgba(0, 0, 0, 0.16)', 'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      ...common,
      'editor-background': '#1f1f1f', foreground: '#cccccc', descriptionForeground: '#9d9d9d', 'panel-border': '#2b2b2b',
      'editorWidget-background': '#202020', focusBorder: '#0078d4', 'button-background': '#0078d4', 'button-foreground': '#ffffff',
      'button-hoverBackground': '#026ec1', 'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc',
      'button-secondaryHoverBackground': '#3c3c3c', 'button-border': '#ffffff12', 'dropdown-background': '#313131', 'dropdown-border': '#3c3c3c',
      'dropdown-foreground': '#cccccc', 'input-background': '#313131', 'input-foreground': '#cccccc', 'input-placeholderForeground': '#989898',
      'input-border': '#3c3c3c', 'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff', 'list-hoverBackground': '#2a2d2e',
      'panelTitle-activeBorder': '#0078d4', 'panelTitle-activeForeground': '#cccccc', 'panelTitle-inactiveForeground': '#9d9d9d',
      'progressBar-background': '#0078d4', 'editorWarning-foreground': '#cca700', errorForeground: '#f85149', 'textLink-foreground': '#4daafc',
      'charts-foreground': '#cccccc', 'charts-lines': 'rgba(204, 204, 204, 0.5)', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff',
      'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7',
      'settings-dropdownListBorder': '#454545', 'editorHoverWidget-background': '#202020', 'editorHoverWidget-border': '#454545',
      'widget-shadow': 'rgba(0, 0, 0, 0.36)', 'badge-background': '#616161', 'badge-foreground': '#f8f8f8',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      ...common,
      'editor-background': '#000000', foreground: '#ffffff', descriptionForeground: '#ffffffb3', 'panel-border': '#6fc3df',
      contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518', 'editorWidget-background': '#0c141f', focusBorder: '#f38518',
      'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df', 'button-secondaryForeground': '#ffffff',
      'dropdown-background': '#000000', 'dropdown-border': '#6fc3df', 'dropdown-foreground': '#ffffff', 'input-background': '#000000',
      'input-foreground': '#ffffff', 'input-border': '#6fc3df', 'panelTitle-activeBorder': '#6fc3df', 'panelTitle-activeForeground': '#ffffff',
      'panelTitle-inactiveForeground': '#ffffff', 'progressBar-background': '#6fc3df', 'editorWarning-foreground': '#ffd370', errorForeground: '#f48771',
      'charts-foreground': '#ffffff', 'charts-lines': 'rgba(255, 255, 255, 0.5)', 'charts-red': '#f48771', 'charts-blue': '#3794ff',
      'charts-yellow': '#ffd370', 'charts-orange': '#ffb86c', 'charts-green': '#89d185', 'charts-purple': '#b180d7',
      'settings-dropdownListBorder': '#6fc3df', 'editorHoverWidget-background': '#0c141f', 'editorHoverWidget-border': '#6fc3df',
    },
  },
};

/** The style attribute VS Code would put on <html> for a theme. */
export const themeStyle = (name) => Object.entries(THEMES[name].vars).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ');
