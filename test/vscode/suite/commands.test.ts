import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { contributedCommands, medkdExtension } from './medkd';

describe('commands', () => {
  before(async () => {
    await medkdExtension().activate();
  });

  it('contributes commands, all named medkd.*', () => {
    const ids = contributedCommands();
    assert.ok(ids.length > 0, 'package.json contributes no commands');
    assert.deepEqual(ids.filter((id) => !id.startsWith('medkd.')), []);
  });

  it('registers every command contributed in package.json', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributedCommands().filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });
});
