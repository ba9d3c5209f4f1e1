import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findOnPath, resolveEngineLaunch } from '../../../src/extension/engine/resolveEngineLaunch';

const exes = new Set(['/usr/local/bin/node', '/opt/node20/bin/node']);
const base = { configuredNodePath: '', pathEnv: '/usr/bin:/usr/local/bin', hostExecPath: '/opt/code/code', platform: 'linux' as const, isExecutable: (p: string) => exes.has(p) };

describe('resolveEngineLaunch', () => {
  it('uses the configured node when it is executable', () => {
    const l = resolveEngineLaunch({ ...base, configuredNodePath: '/opt/node20/bin/node' });
    assert.equal(l.execPath, '/opt/node20/bin/node');
    assert.deepEqual(l.env, {});
    assert.equal(l.warning, undefined);
  });

  it('falls back to node on PATH, with a warning about a bad configured path', () => {
    const l = resolveEngineLaunch({ ...base, configuredNodePath: '/nope/node' });
    assert.equal(l.execPath, '/usr/local/bin/node');
    assert.match(l.warning ?? '', /'\/nope\/node', which is not an executable file/);
  });

  it("runs VS Code's own binary as Node when no node is found", () => {
    const l = resolveEngineLaunch({ ...base, pathEnv: '/usr/bin' });
    assert.equal(l.execPath, '/opt/code/code');
    assert.deepEqual(l.env, { ELECTRON_RUN_AS_NODE: '1' });
  });

  it('searches PATH in order, with .exe on Windows', () => {
    assert.equal(findOnPath('node', '/opt/node20/bin:/usr/local/bin', 'linux', base.isExecutable), '/opt/node20/bin/node');
    assert.equal(findOnPath('node', undefined, 'linux', base.isExecutable), undefined);
    const seen: string[] = [];
    findOnPath('node', 'C:\\node;D:\\x', 'win32', (p) => (seen.push(p), false));
    assert.ok(seen.some((p) => p.endsWith('node.exe')));
  });
});
