// The typed client of the engine child process: a versioned handshake, then requests matched to answers by id,
// with cancellation and progress, and the engine's pushed messages turned into events. Knows nothing of
// vscode or child_process: it talks through an EngineTransport, so tests drive it with a fake.
import { PROTOCOL_VERSION } from '../../engine/protocol';
import type { EngineHello, EngineMessage, EngineRequest, EngineRequests, EngineRequestType, EngineResult } from '../../engine/protocol';
import { Emitter } from '../util/emitter';

export interface EngineExit {
  code: number | null;
  signal: string | null;
  /** Set when the process could not be started at all (bad executable, ...). */
  error?: string;
}

/** The pipe to the engine process (Node IPC in the extension, an in-memory fake in tests). */
export interface EngineTransport {
  send(message: EngineRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: EngineExit) => void): void;
  kill(): void;
}

/** Structurally a vscode.CancellationToken. */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface RequestOptions {
  token?: CancellationLike;
  onProgress?(fraction: number, message: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The engine answered a request with an error. */
export class EngineRequestError extends Error {
  constructor(
    readonly type: EngineRequestType,
    message: string,
  ) {
    super(message);
    this.name = 'EngineRequestError';
  }
}

export class CancelledError extends Error {
  constructor(type: EngineRequestType) {
    super(`${type} was cancelled`);
    this.name = 'CancelledError';
  }
}

export class EngineExitedError extends Error {
  constructor(readonly exit: EngineExit) {
    super(`the MedKD engine exited (${describeExit(exit)})`);
    this.name = 'EngineExitedError';
  }
}

export class ProtocolMismatchError extends Error {
  constructor(readonly engineVersion: number) {
    super(
      `The MedKD engine speaks protocol version ${engineVersion} but this extension needs version ${PROTOCOL_VERSION}. ` +
        'The engine and the extension come from different builds: rebuild (npm run build) or reinstall the extension.',
    );
    this.name = 'ProtocolMismatchError';
  }
}

export function describeExit(exit: EngineExit): string {
  if (exit.error !== undefined) return exit.error;
  if (exit.signal !== null) return `signal ${exit.signal}`;
  return `exit code ${String(exit.code)}`;
}

interface Pending {
  type: EngineRequestType;
  resolve(value: unknown): void;
  reject(err: Error): void;
  onProgress: ((fraction: number, message: string) => void) | undefined;
  cleanup(): void;
}

type PushedMessage = Exclude<EngineMessage, { kind: 'result' | 'error' | 'taskProgress' | 'log' }>;

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private exitInfo: EngineExit | undefined;
  private helloPromise: Promise<EngineHello> | undefined;
  private expectingExit = false;

  private readonly runMessage = new Emitter<PushedMessage>();
  private readonly logEmitter = new Emitter<{ level: LogLevel; message: string }>();
  private readonly exitEmitter = new Emitter<EngineExit & { expected: boolean }>();
  /** runStatus, metrics and tweakApplied messages. */
  readonly onRunMessage = this.runMessage.event;
  /** The engine's log messages, and the client's own notes (unknown messages, stray answers). */
  readonly onLog = this.logEmitter.event;
  /** `expected` after shutdown() or kill(). */
  readonly onExit = this.exitEmitter.event;
  hello: EngineHello | undefined;

  constructor(private readonly transport: EngineTransport) {
    transport.onMessage((m) => this.receive(m));
    transport.onExit((e) => this.exited(e));
  }

  get isRunning(): boolean {
    return this.exitInfo === undefined;
  }

  /** Sends `hello` and checks the version; every other request waits for this. Rejects on mismatch or silence. */
  handshake(timeoutMs = 30_000): Promise<EngineHello> {
    this.helloPromise ??= new Promise<EngineHello>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the MedKD engine did not answer within ${timeoutMs / 1000}s`));
        this.kill();
      }, timeoutMs);
      this.send('hello', { version: PROTOCOL_VERSION }, {}).then(
        (hello) => {
          clearTimeout(timer);
          if (hello.protocolVersion !== PROTOCOL_VERSION) {
            reject(new ProtocolMismatchError(hello.protocolVersion));
            this.kill();
            return;
          }
          this.hello = hello;
          resolve(hello);
        },
        (err: Error) => {
          clearTimeout(timer);
          // An engine that refuses hello (e.g. it checks the version itself) stays unusable: say so plainly.
          reject(err instanceof EngineRequestError ? new Error(`The MedKD engine refused the handshake: ${err.message}`) : err);
          if (err instanceof EngineRequestError) this.kill();
        },
      );
    });
    return this.helloPromise;
  }

  async request<K extends EngineRequestType>(type: K, params: EngineRequests[K]['params'], options: RequestOptions = {}): Promise<EngineResult<K>> {
    await this.handshake();
    return this.send(type, params, options);
  }

  private send<K extends EngineRequestType>(type: K, params: EngineRequests[K]['params'], options: RequestOptions): Promise<EngineResult<K>> {
    if (this.exitInfo) return Promise.reject(new EngineExitedError(this.exitInfo));
    if (options.token?.isCancellationRequested) return Promise.reject(new CancelledError(type));
    const id = this.nextId++;
    return new Promise<EngineResult<K>>((resolve, reject) => {
      const sub = options.token?.onCancellationRequested(() => {
        if (!this.pending.has(id)) return;
        this.settle(id)?.reject(new CancelledError(type));
        // Tell the engine to stop working on it; its late answer is then dropped quietly.
        if (this.isRunning) this.send('cancel', { requestId: id }, {}).catch(() => undefined);
      });
      this.pending.set(id, {
        type,
        resolve: (v) => resolve(v as EngineResult<K>),
        reject,
        onProgress: options.onProgress,
        cleanup: () => sub?.dispose(),
      });
      // The generic K cannot be correlated with the union by the compiler; the mapped type guarantees the pairing.
      const request = { kind: 'request', id, type, params } as unknown as EngineRequest;
      try {
        this.transport.send(request);
      } catch (err) {
        this.settle(id)?.reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /** Asks the engine to exit and waits for it; kills it if it takes longer than `timeoutMs`. */
  async shutdown(timeoutMs = 3000): Promise<void> {
    if (!this.isRunning) return;
    this.expectingExit = true;
    const exited = new Promise<void>((resolve) => this.onExit(() => resolve()));
    this.send('shutdown', {}, {}).catch(() => undefined);
    let handle: NodeJS.Timeout | undefined;
    const timer = new Promise<'timeout'>((resolve) => {
      handle = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const first = await Promise.race([exited, timer]);
    // A pending timer would keep the process alive for the rest of timeoutMs.
    clearTimeout(handle);
    if (first === 'timeout') {
      this.transport.kill();
      await exited;
    }
  }

  kill(): void {
    if (!this.isRunning) return;
    this.expectingExit = true;
    this.transport.kill();
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    if (!p) return undefined;
    this.pending.delete(id);
    p.cleanup();
    return p;
  }

  private note(level: LogLevel, message: string): void {
    this.logEmitter.fire({ level, message });
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null || typeof (raw as { kind?: unknown }).kind !== 'string') {
      this.note('warn', `engine sent a malformed message: ${safeJson(raw)}`);
      return;
    }
    const msg = raw as EngineMessage;
    switch (msg.kind) {
      case 'result': {
        const p = this.settle(msg.id);
        if (!p) return; // cancelled earlier, or a duplicate
        if (p.type !== msg.type) this.note('warn', `engine answered request ${msg.id} (${p.type}) as ${msg.type}`);
        p.resolve(msg.value);
        return;
      }
      case 'error': {
        this.settle(msg.id)?.reject(new EngineRequestError(msg.type, msg.message));
        return;
      }
      case 'taskProgress':
        this.pending.get(msg.id)?.onProgress?.(msg.fraction, msg.message);
        return;
      case 'log':
        this.logEmitter.fire({ level: msg.level, message: msg.message });
        return;
      case 'runStatus':
      case 'metrics':
      case 'tweakApplied':
        this.runMessage.fire(msg);
        return;
      default: {
        const unknownKind: never = msg;
        this.note('warn', `engine sent an unknown message kind: ${safeJson(unknownKind)}`);
      }
    }
  }

  private exited(exit: EngineExit): void {
    if (this.exitInfo) return;
    this.exitInfo = exit;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(new EngineExitedError(exit));
    this.exitEmitter.fire({ ...exit, expected: this.expectingExit });
  }

  dispose(): void {
    this.kill();
    this.runMessage.dispose();
    this.logEmitter.dispose();
    this.exitEmitter.dispose();
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v).slice(0, 500);
  } catch {
    return String(v);
  }
}
