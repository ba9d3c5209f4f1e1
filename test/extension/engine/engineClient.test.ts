import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROTOCOL_VERSION } from '../../../src/engine/protocol';
import type { EngineMessage, EngineRequest } from '../../../src/engine/protocol';
import { CancelledError, EngineClient, EngineExitedError, EngineRequestError, ProtocolMismatchError } from '../../../src/extension/engine/engineClient';
import type { EngineExit, EngineTransport } from '../../../src/extension/engine/engineClient';

/** An in-memory engine end: records what the client sends, and lets the test push messages or exit. */
class FakeTransport implements EngineTransport {
  sent: EngineRequest[] = [];
  killed = false;
  private messageListeners: ((m: unknown) => void)[] = [];
  private exitListeners: ((e: EngineExit) => void)[] = [];
  /** Answers hello automatically with this protocol version (null: stay silent). */
  constructor(private readonly helloVersion: number | null = PROTOCOL_VERSION) {}
  send(message: EngineRequest): void {
    this.sent.push(message);
    if (message.type === 'hello' && this.helloVersion !== null) {
      queueMicrotask(() => this.push({ kind: 'result', id: message.id, type: 'hello', value: { protocolVersion: this.helloVersion, engineVersion: '0.0.0', backend: 'cpu', backendReason: 'test', pid: 1 } }));
    }
  }
  onMessage(l: (m: unknown) => void): void {
    this.messageListeners.push(l);
  }
  onExit(l: (e: EngineExit) => void): void {
    this.exitListeners.push(l);
  }
  kill(): void {
    this.killed = true;
    this.exit({ code: null, signal: 'SIGTERM' });
  }
  push(m: EngineMessage | unknown): void {
    for (const l of this.messageListeners) l(m);
  }
  exit(e: EngineExit): void {
    for (const l of this.exitListeners) l(e);
  }
  last(): EngineRequest {
    const r = this.sent[this.sent.length - 1];
    assert.ok(r, 'nothing sent');
    return r;
  }
}

const tick = () => new Promise((r) => setImmediate(r));

function token() {
  const listeners: (() => void)[] = [];
  return {
    isCancellationRequested: false,
    onCancellationRequested(l: () => void) {
      listeners.push(l);
      return { dispose() {} };
    },
    cancel() {
      this.isCancellationRequested = true;
      for (const l of listeners) l();
    },
  };
}

describe('EngineClient', () => {
  it('sends hello with the protocol version before any request, then matches answers by id', async () => {
    const t = new FakeTransport();
    const c = new EngineClient(t);
    const p = c.request('stopRun', { runId: 'r1' });
    await tick();
    assert.deepEqual(t.sent[0], { kind: 'request', id: 1, type: 'hello', params: { version: PROTOCOL_VERSION } });
    const req = t.last();
    assert.equal(req.type, 'stopRun');
    assert.deepEqual(req.params, { runId: 'r1' });
    t.push({ kind: 'result', id: req.id, type: 'stopRun', value: { status: 'stopped' } });
    assert.deepEqual(await p, { status: 'stopped' });
    assert.equal(c.hello?.backend, 'cpu');
  });

  it('refuses an engine with another protocol version, with a message naming both, and kills it', async () => {
    const t = new FakeTransport(PROTOCOL_VERSION + 1);
    const c = new EngineClient(t);
    await assert.rejects(c.handshake(), (err: Error) => {
      assert.ok(err instanceof ProtocolMismatchError);
      assert.match(err.message, new RegExp(`version ${PROTOCOL_VERSION + 1} but this extension needs version ${PROTOCOL_VERSION}`));
      return true;
    });
    assert.equal(t.killed, true);
    // Later requests keep failing with the same clear reason rather than reaching a mismatched engine.
    await assert.rejects(c.request('shutdown', {}), ProtocolMismatchError);
    assert.equal(t.sent.filter((m) => m.type === 'shutdown').length, 0);
  });

  it('gives up on a silent engine after the handshake timeout', async () => {
    const t = new FakeTransport(null);
    const c = new EngineClient(t);
    await assert.rejects(c.handshake(20), /did not answer within 0.02s/);
    assert.equal(t.killed, true);
  });

  it('rejects with the engine error message', async () => {
    const t = new FakeTransport();
    const c = new EngineClient(t);
    const p = c.request('volumeInfo', { path: '/x.nii' });
    await tick();
    t.push({ kind: 'error', id: t.last().id, type: 'volumeInfo', message: '/x.nii: not a NIfTI file' });
    await assert.rejects(p, (err: Error) => err instanceof EngineRequestError && err.message === '/x.nii: not a NIfTI file');
  });

  it('reports task progress to the request that asked, and cancels through a cancel request', async () => {
    const t = new FakeTransport();
    const c = new EngineClient(t);
    const progress: [number, string][] = [];
    const tok = token();
    const p = c.request('infer', { checkpoint: 'c', input: 'i', output: 'o' }, { token: tok, onProgress: (f, m) => progress.push([f, m]) });
    await tick();
    const id = t.last().id;
    t.push({ kind: 'taskProgress', id, fraction: 0.25, message: 'window 1/4' });
    t.push({ kind: 'taskProgress', id: id + 100, fraction: 0.9, message: 'someone else' });
    tok.cancel();
    await assert.rejects(p, CancelledError);
    assert.deepEqual(progress, [[0.25, 'window 1/4']]);
    const cancel = t.last();
    assert.equal(cancel.type, 'cancel');
    assert.deepEqual(cancel.params, { requestId: id });
    // The engine's late answer is dropped without error.
    t.push({ kind: 'result', id, type: 'infer', value: { outputs: [] } });
  });

  it('does not send a request whose token is already cancelled', async () => {
    const t = new FakeTransport();
    const c = new EngineClient(t);
    await c.handshake();
    const tok = token();
    tok.cancel();
    await assert.rejects(c.request('evaluate', { pred: 'p', ref: 'r' }, { token: tok }), CancelledError);
    assert.equal(t.sent.filter((m) => m.type === 'evaluate').length, 0);
  });

  it('turns pushed messages into events and logs unknown or malformed ones', async () => {
    const t = new FakeTransport();
    const c = new EngineClient(t);
    const run: EngineMessage[] = [];
    const logs: string[] = [];
    c.onRunMessage((m) => run.push(m));
    c.onLog((l) => logs.push(`${l.level}: ${l.message}`));
    t.push({ kind: 'runStatus', runId: 'r', status: 'running', step: 3, totalSteps: 10 });
    t.push({ kind: 'metrics', runId: 'r', record: { step: 3, time: 1, kind: 'train', values: { loss: 0.5 } }, totalSteps: 10 });
    t.push({ kind: 'tweakApplied', runId: 'r', event: { type: 'tweak', time: 1, step: 4, name: 'lr', old: 1, value: 2, source: 'panel' } });
    t.push({ kind: 'log', level: 'warn', message: 'wasm backend' });
    t.push({ kind: 'telemetry', x: 1 });
    t.push(42);
    assert.deepEqual(run.map((m) => m.kind), ['runStatus', 'metrics', 'tweakApplied']);
    assert.equal(logs[0], 'warn: wasm backend');
    assert.match(logs[1] ?? '', /^warn: engine sent an unknown message kind: \{"kind":"telemetry","x":1\}/);
    assert.match(logs[2] ?? '', /^warn: engine sent a malformed message: 42/);
  });

  it('rejects pending requests when the engine dies, and says it was not expected', async () => {
    const t = new FakeTransport();
    const c = new EngineClient(t);
    const exits: boolean[] = [];
    c.onExit((e) => exits.push(e.expected));
    const p = c.request('startRun', { configPath: 'a', workspaceRoot: 'b' });
    await tick();
    t.exit({ code: 134, signal: null });
    await assert.rejects(p, (err: Error) => err instanceof EngineExitedError && /exit code 134/.test(err.message));
    assert.deepEqual(exits, [false]);
    assert.equal(c.isRunning, false);
  });

  it('shutdown asks the engine to exit and counts the exit as expected', async () => {
    const t = new FakeTransport();
    const c = new EngineClient(t);
    await c.handshake();
    const exits: boolean[] = [];
    c.onExit((e) => exits.push(e.expected));
    const done = c.shutdown(1000);
    await tick();
    assert.equal(t.last().type, 'shutdown');
    t.exit({ code: 0, signal: null });
    await done;
    assert.deepEqual(exits, [true]);
  });

  it('kills an engine that does not exit after shutdown', async () => {
    const t = new FakeTransport();
    const c = new EngineClient(t);
    await c.handshake();
    await c.shutdown(20);
    assert.equal(t.killed, true);
  });
});
