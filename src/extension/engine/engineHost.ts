// Owns the engine child process for the extension: starts it on first need with the right Node, checks the
// handshake, sends its output to the "MedKD Engine" channel, shows the backend in the status bar, tells the user at
// once when it dies, and stops it on deactivate. The engine is restarted only on demand.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { BACKEND_ENV } from '../../engine/protocol';
import type { EngineHello, EngineRequests, EngineRequestType, EngineResult } from '../../engine/protocol';
import { ENGINE_OUTPUT_CHANNEL, SETTINGS } from '../contributes';
import { EngineClient, describeExit } from './engineClient';
import type { EngineExit, RequestOptions } from './engineClient';
import { forkEngine } from './forkEngine';
import { resolveEngineLaunch } from './resolveEngineLaunch';

type RunMessage = Parameters<Parameters<EngineClient['onRunMessage']>[0]>[0];

/** Overrides the engine module (tests point it at a fake engine). */
export const ENGINE_MODULE_ENV = 'MEDKD_ENGINE_MODULE';

export class EngineHost implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  private client: EngineClient | undefined;
  private starting: Promise<EngineClient> | undefined;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly runMessage = new vscode.EventEmitter<RunMessage>();
  private readonly exitEmitter = new vscode.EventEmitter<EngineExit & { expected: boolean }>();
  private readonly startEmitter = new vscode.EventEmitter<EngineHello>();
  /** runStatus, metrics, tweakApplied from the current engine. */
  readonly onRunMessage = this.runMessage.event;
  /** Every exit; `expected` after a restart, shutdown or refused handshake. */
  readonly onDidExit = this.exitEmitter.event;
  readonly onDidStart = this.startEmitter.event;

  constructor(private readonly extensionUri: vscode.Uri) {
    this.output = vscode.window.createOutputChannel(ENGINE_OUTPUT_CHANNEL, { log: true });
    this.statusItem = vscode.window.createStatusBarItem('medkd.engine', vscode.StatusBarAlignment.Right, 100);
    this.statusItem.name = 'MedKD Engine';
  }

  get isRunning(): boolean {
    return this.client?.isRunning === true && this.client.hello !== undefined;
  }

  get hello(): EngineHello | undefined {
    return this.client?.hello;
  }

  /** The running engine, started now if needed. Concurrent callers share one start. */
  get(): Promise<EngineClient> {
    if (this.client?.isRunning && this.client.hello) return Promise.resolve(this.client);
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async request<K extends EngineRequestType>(type: K, params: EngineRequests[K]['params'], options?: RequestOptions): Promise<EngineResult<K>> {
    const client = await this.get();
    return client.request(type, params, options);
  }

  private async start(): Promise<EngineClient> {
    const config = vscode.workspace.getConfiguration();
    const launch = resolveEngineLaunch({
      configuredNodePath: config.get<string>(SETTINGS.nodePath, ''),
      pathEnv: process.env.PATH,
      hostExecPath: process.execPath,
      platform: process.platform,
      isExecutable,
    });
    if (launch.warning) {
      this.output.warn(launch.warning);
      void vscode.window.showWarningMessage(`MedKD: ${launch.warning}`);
    }
    const modulePath = process.env[ENGINE_MODULE_ENV] ?? vscode.Uri.joinPath(this.extensionUri, 'dist', 'engine', 'server.js').fsPath;
    if (!existsSync(modulePath)) {
      const err = new Error(`the MedKD engine is missing (${modulePath}); the extension was not built completely (npm run build).`);
      this.output.error(err.message);
      void vscode.window.showErrorMessage(`MedKD: ${err.message}`);
      throw err;
    }
    const backend = config.get<string>(SETTINGS.backend, 'auto');
    const env: Record<string, string> = backend !== 'auto' ? { [BACKEND_ENV]: backend } : {};
    this.output.info(`starting the engine: ${modulePath} with ${launch.reason}`);
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? this.extensionUri.fsPath;
    const { transport } = forkEngine({
      modulePath,
      launch,
      cwd,
      env,
      execArgv: modulePath.endsWith('.ts') ? ['--import', 'tsx'] : [],
      onOutput: (line, stream) => (stream === 'stderr' ? this.output.warn(`[stderr] ${line}`) : this.output.info(`[stdout] ${line}`)),
    });
    const client = new EngineClient(transport);
    this.client = client;
    client.onLog(({ level, message }) => this.output[level](message));
    client.onRunMessage((m) => this.runMessage.fire(m));
    client.onExit((e) => this.exited(client, e));
    this.showStatus('$(loading~spin) MedKD', 'Starting the MedKD engine…');
    try {
      const hello = await client.handshake();
      this.output.info(`engine ${hello.engineVersion} (pid ${hello.pid}), protocol ${hello.protocolVersion}, backend ${hello.backend}: ${hello.backendReason}`);
      this.showStatus(`$(pulse) MedKD: ${hello.backend}`, `MedKD engine ${hello.engineVersion} (pid ${hello.pid})\n\nBackend: ${hello.backend} (${hello.backendReason})\n\nClick for the engine log.`);
      this.startEmitter.fire(hello);
      return client;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.output.error(`engine start failed: ${message}`);
      this.showStatus('$(error) MedKD engine', `The MedKD engine could not start: ${message}`);
      client.kill();
      void vscode.window.showErrorMessage(`MedKD: ${message}`, 'Show Engine Log').then((a) => a && this.output.show());
      throw err;
    }
  }

  private exited(client: EngineClient, exit: EngineExit & { expected: boolean }): void {
    if (this.client !== client) return;
    this.output[exit.expected ? 'info' : 'error'](`engine exited (${describeExit(exit)})`);
    if (exit.expected) this.statusItem.hide();
    else this.showStatus('$(error) MedKD engine stopped', `The MedKD engine exited (${describeExit(exit)}). Click for the log.`);
    this.exitEmitter.fire(exit);
  }

  private showStatus(text: string, tooltip: string): void {
    this.statusItem.text = text;
    this.statusItem.tooltip = tooltip;
    this.statusItem.command = 'medkd.showEngineLog';
    this.statusItem.show();
  }

  /** Stops the current engine (runs it drives stop too) and starts a new one. */
  async restart(): Promise<EngineClient> {
    await this.stop();
    return this.get();
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    await client.shutdown(3000);
    this.client = undefined;
    this.statusItem.hide();
  }

  dispose(): void {
    // Deactivation cannot wait long: ask politely (the client kills it after the timeout), and keep the channel
    // and events until the engine is gone so its last words are still logged.
    void this.stop().finally(() => {
      this.runMessage.dispose();
      this.exitEmitter.dispose();
      this.startEmitter.dispose();
      this.statusItem.dispose();
      this.output.dispose();
    });
  }
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
