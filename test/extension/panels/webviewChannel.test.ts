import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WebviewChannel } from '../../../src/extension/panels/webviewChannel';
import type { WebviewLike } from '../../../src/extension/panels/webviewChannel';
import { WEBVIEW_PROTOCOL_VERSION } from '../../../src/webview/protocol';

function fakeWebview(): WebviewLike & { sent: unknown[]; deliver(m: unknown): void } {
  let listener: (m: unknown) => void = () => undefined;
  const sent: unknown[] = [];
  return {
    sent,
    postMessage: async (m) => {
      sent.push(m);
      return true;
    },
    onDidReceiveMessage: (l) => {
      listener = l;
      return { dispose: () => (listener = () => undefined) };
    },
    deliver: (m) => listener(m),
  };
}

describe('WebviewChannel', () => {
  it('sends nothing before `ready`, calls onReady at each handshake, routes other messages', () => {
    const w = fakeWebview();
    const log: string[] = [];
    const got: unknown[] = [];
    let readies = 0;
    const ch = new WebviewChannel<{ type: 'x' }, { type: 'ready' } | { type: 'do'; n: number }>(w, { onReady: () => readies++, onMessage: (m) => got.push(m), log: (m) => log.push(m) });
    ch.post({ type: 'x' });
    assert.deepEqual(w.sent, []);
    w.deliver({ type: 'ready', version: WEBVIEW_PROTOCOL_VERSION });
    assert.equal(readies, 1);
    ch.post({ type: 'x' });
    assert.deepEqual(w.sent, [{ type: 'x' }]);
    w.deliver({ type: 'do', n: 2 });
    assert.deepEqual(got, [{ type: 'do', n: 2 }]);
    ch.reset();
    ch.post({ type: 'x' });
    assert.equal(w.sent.length, 1);
    w.deliver({ type: 'ready', version: WEBVIEW_PROTOCOL_VERSION });
    assert.equal(readies, 2);
    assert.deepEqual(log, []);
  });

  it('logs malformed messages, webview logs and a protocol version mismatch', () => {
    const w = fakeWebview();
    const log: string[] = [];
    new WebviewChannel(w, { onReady: () => undefined, onMessage: () => undefined, log: (m) => log.push(m) });
    w.deliver(42);
    w.deliver({ type: 'log', level: 'error', message: 'boom' });
    w.deliver({ type: 'ready', version: 999 });
    assert.equal(log.length, 3);
    assert.match(log[0] ?? '', /malformed/);
    assert.equal(log[1], '[webview error] boom');
    assert.match(log[2] ?? '', /protocol 999/);
  });
});
