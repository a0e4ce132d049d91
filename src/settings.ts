import * as vscode from 'vscode';
import { isAbsolute, join } from 'node:path';
import type { AnalysisSettings, AnchorPlacement, Similarity, Smoothing, Weighting } from './core/entropy/settings';
import type { EngineChoice } from './core/engines/engineChoice';

/** The one id prefix of commands, settings, views and context keys. */
export const PREFIX = 'embeddingEntropy';

/** Everything the extension reads from `contributes.configuration`, typed. */
export interface ExtensionSettings {
  analysis: AnalysisSettings;
  anchorsFile?: string;
  engine: EngineChoice;
  maxRows: number;
}

/** Reads the settings for `scope` (a file's workspace folder may override user settings). */
export function readSettings(scope?: vscode.Uri): ExtensionSettings {
  const c = vscode.workspace.getConfiguration(PREFIX, scope);
  const mode = c.get<string>('temperature.mode', 'auto');
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope)?.uri.fsPath : undefined;
  const anchorsFile = c.get<string>('anchors.file', '').trim();
  return {
    analysis: {
      bins: c.get<number>('anchors.count', 100),
      seed: c.get<number>('anchors.seed', 0),
      placement: anchorsFile ? 'file' : c.get<AnchorPlacement>('anchors.placement', 'normal'),
      temperature: mode === 'fixed' ? c.get<number>('temperature.value', 0.1) : (mode as 'auto' | 'bounds' | 'leading-order'),
      similarity: c.get<Similarity>('similarity', 'cosine'),
      smoothing: c.get<Smoothing>('smoothing', 'softmax'),
      weighting: c.get<Weighting>('weighting', 'weighted'),
      shuffles: c.get<number>('shuffles', 5),
      minCount: c.get<number>('minCount', 5),
    },
    anchorsFile: anchorsFile ? (isAbsolute(anchorsFile) || !folder ? anchorsFile : join(folder, anchorsFile)) : undefined,
    engine: c.get<EngineChoice>('engine', 'auto'),
    maxRows: c.get<number>('maxRows', 0),
  };
}
