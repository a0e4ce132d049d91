// Scenario 1: in a workspace holding embedding files the extension activates (on its first command:
// it declares no activation events of its own) and registers every command its package.json declares.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { extension, until } from './helpers';

describe('activation', () => {
  it('activates in a workspace holding embedding files, with every contributed command registered', async () => {
    const files = await vscode.workspace.findFiles('**/*.{npy,safetensors}');
    assert.ok(files.length >= 4, `the workspace should hold embedding files, found ${files.map((f) => f.path).join(', ')}`);
    const ext = extension();
    await vscode.commands.executeCommand('embeddingEntropy.showLog');
    await until('the extension to be active', () => ext.isActive, 20_000);
    const declared = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(declared.length >= 8, `package.json declares ${declared.length} commands`);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(declared.filter((c) => !registered.has(c)), [], 'declared but not registered');
    const ours = [...registered].filter((c) => c.startsWith('embeddingEntropy.'));
    assert.deepEqual(ours.filter((c) => !declared.includes(c)), [], 'registered but not declared');
  });
});
