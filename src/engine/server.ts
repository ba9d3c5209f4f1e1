// The engine child process: speaks protocol.ts over Node IPC with the extension. Requests are dispatched by an
// exhaustive switch; runs execute here, one at a time (later ones queue), so the extension host never runs tfjs.
import { PROTOCOL_VERSION } from './protocol';
import type { EngineHello, EngineMessage, EngineRequest, EngineRequests, EngineRequestType, RunStatus } from './protocol';
import { loadExperimentConfig } from './config/loadExperimentConfig';
import { RunManager } from './runs/runManager';
import { initBackend } from './backend/initBackend';
import { volumeInfo } from './cli/info';
import { evaluate } from './cli/eval';
import { inferWithCheckpoints } from './methods/inferWithCheckpoint';
import { cascadeInferWithCheckpoints } from './methods/cascadeInferWithCheckpoints';
import { ENGINE_VERSION } from './version';

function send(message: EngineMessage): void {
  process.send?.(message);
}

function log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
  send({ kind: 'log', level, message });
}

const manager = new RunManager({
  onStatus: (runId, status: RunStatus, step, totalSteps, message) => send({ kind: 'runStatus', runId, status, step, totalSteps, ...(message ? { message } : {}) }),
  onMetrics: (runId, record, totalSteps) => send({ kind: 'metrics', runId, record, totalSteps }),
  onTweak: (runId, event) => send({ kind: 'tweakApplied', runId, event }),
  log,
});

const tasks = new Map<number, AbortController>();
let backendReady: Promise<{ name: EngineHello['backend']; reason: string }> | undefined;

function backend() {
  backendReady ??= initBackend();
  return backendReady;
}

type Handler<K extends EngineRequestType> = (params: EngineRequests[K]['params'], id: number, signal: AbortSignal) => Promise<EngineRequests[K]['result']>;

async function handle(req: EngineRequest, signal: AbortSignal): Promise<unknown> {
  const progress = (fraction: number, message: string) => send({ kind: 'taskProgress', id: req.id, fraction, message });
  switch (req.type) {
    case 'hello': {
      const h: Handler<'hello'> = async (p) => {
        if (p.version !== PROTOCOL_VERSION) throw new Error(`protocol mismatch: extension speaks v${p.version}, engine v${PROTOCOL_VERSION}`);
        const b = await backend();
        return { protocolVersion: PROTOCOL_VERSION, engineVersion: ENGINE_VERSION, backend: b.name, backendReason: b.reason, pid: process.pid };
      };
      return h(req.params, req.id, signal);
    }
    case 'validateConfig':
      return { diagnostics: loadExperimentConfig(req.params.configPath).diagnostics };
    case 'startRun':
      await backend();
      return manager.start(req.params.configPath, req.params.workspaceRoot, req.params.resumeRunId);
    case 'stopRun':
      return { status: manager.stop(req.params.runId) };
    case 'pauseRun':
      return { status: manager.pause(req.params.runId) };
    case 'resumeRun':
      return { status: manager.resume(req.params.runId) };
    case 'tweak':
      return manager.tweak(req.params.runId, req.params.changes, req.params.source);
    case 'getTweakables':
      return { params: manager.tweakables(req.params.runId) };
    case 'infer':
      await backend();
      return {
        outputs:
          req.params.coarse !== undefined
            ? await cascadeInferWithCheckpoints(req.params.coarse, req.params.checkpoint, req.params.input, req.params.output, { signal, onProgress: progress })
            : await inferWithCheckpoints([req.params.checkpoint], req.params.input, req.params.output, { signal, onProgress: progress }),
      };
    case 'evaluate':
      return evaluate(req.params.pred, req.params.ref);
    case 'volumeInfo':
      return volumeInfo(req.params.path);
    case 'cancel': {
      const t = tasks.get(req.params.requestId);
      t?.abort();
      return { cancelled: t !== undefined };
    }
    case 'shutdown':
      await manager.shutdown();
      setImmediate(() => process.exit(0));
      return { ok: true };
    default: {
      const unknown: never = req;
      throw new Error(`unknown request ${JSON.stringify(unknown)}`);
    }
  }
}

function isRequest(m: unknown): m is EngineRequest {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'request' && typeof (m as { id?: unknown }).id === 'number';
}

process.on('message', (m: unknown) => {
  if (!isRequest(m)) {
    log('warn', `engine: ignored a message that is not a request: ${JSON.stringify(m).slice(0, 200)}`);
    return;
  }
  const controller = new AbortController();
  tasks.set(m.id, controller);
  handle(m, controller.signal).then(
    (value) => send({ kind: 'result', id: m.id, type: m.type, value }),
    (err: unknown) => send({ kind: 'error', id: m.id, type: m.type, message: err instanceof Error ? err.message : String(err) }),
  ).finally(() => tasks.delete(m.id));
});

// The extension going away (IPC closed) ends the engine: runs checkpoint and stop first.
process.on('disconnect', () => {
  void manager.shutdown().finally(() => process.exit(0));
});
process.on('uncaughtException', (err) => {
  log('error', `engine crashed: ${err.stack ?? err.message}`);
  process.exit(70);
});
if (process.send === undefined) {
  process.stderr.write('medkd engine: start me with child_process.fork (an IPC channel); for the command line use `medkd`\n');
  process.exit(2);
}
