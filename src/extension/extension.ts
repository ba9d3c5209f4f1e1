// MedKD's extension host side: tree views over the run store and the workspace's datasets, the engine child
// process, commands, config-file features and the panels. activate() builds each piece once and owns it.
import * as vscode from 'vscode';
import { registerCommands } from './commands/commandHandlers';
import { CONTEXT_KEYS } from './commands/commandTable';
import { isResumable } from './commands/runArgs';
import { ConfigCodeLensProvider } from './config/configCodeLens';
import { ConfigDiagnostics } from './config/configDiagnostics';
import { ConfigHoverProvider } from './config/configHover';
import { ConfigLiveSync } from './config/configLiveSync';
import { LabelDiceHints } from './config/labelDiceHints';
import { VIEW_IDS } from './contributes';
import type { DatasetEntry } from './datasets/datasetIndex';
import { scanWorkspaceDatasets } from './datasets/workspaceDatasets';
import { describeExit } from './engine/engineClient';
import { EngineHost } from './engine/engineHost';
import { NiftiEditorProvider } from './panels/niftiEditorProvider';
import { registerPanelSerializers } from './panels/panelContext';
import type { PanelContext } from './panels/panelContext';
import { RunRegistry } from './runs/runRegistry';
import type { Services } from './services';
import { RunStatusBar } from './status/runStatusBar';
import { debounce } from './util/debounce';
import { checkpointTreeModel } from './views/checkpointTreeModel';
import { datasetTreeModel } from './views/datasetTreeModel';
import { ModelTreeProvider } from './views/modelTreeProvider';
import { runTreeModel } from './views/runTreeModel';

const RUN_CONFIGS_KEY = 'medkd.runConfigs';
const CONFIG_SELECTOR: vscode.DocumentSelector = { scheme: 'file', pattern: '**/*.medkd.json' };

let engineForDeactivate: EngineHost | undefined;

export function activate(context: vscode.ExtensionContext): Services {
  const subs = context.subscriptions;
  const engine = new EngineHost(context.extensionUri);
  engineForDeactivate = engine;
  subs.push(engine);

  const runConfigs = new Map(Object.entries(context.workspaceState.get<Record<string, string>>(RUN_CONFIGS_KEY, {})));
  const registry = new RunRegistry({
    roots: () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    configHints: () => runConfigs,
  });
  subs.push({ dispose: () => registry.dispose() });

  const panels: PanelContext = {
    extensionUri: context.extensionUri,
    subscriptions: subs,
    log: (m) => engine.output.info(`[panel] ${m}`),
    engine: {
      tweak: (runId, changes, source) => engine.request('tweak', { runId, changes, source }),
      getTweakables: async (runId) => (await engine.request('getTweakables', { runId })).params,
    },
    runDir: (runId) => registry.runDir(runId),
    onRunMetrics: registry.onMetric,
    onRunEvent: registry.onEvent,
  };

  // Views.
  const runsProvider = new ModelTreeProvider(runTreeModel(() => registry.runs()));
  const teachersProvider = new ModelTreeProvider(checkpointTreeModel(() => registry.runs(), 'teacher'));
  const studentsProvider = new ModelTreeProvider(checkpointTreeModel(() => registry.runs(), 'student'));
  let datasets: DatasetEntry[] = [];
  const datasetsProvider = new ModelTreeProvider(datasetTreeModel(() => datasets, (path) => engine.request('volumeInfo', { path })));
  const runsView = vscode.window.createTreeView(VIEW_IDS.runs, { treeDataProvider: runsProvider, canSelectMany: true });
  subs.push(
    runsProvider,
    teachersProvider,
    studentsProvider,
    datasetsProvider,
    runsView,
    vscode.window.createTreeView(VIEW_IDS.teachers, { treeDataProvider: teachersProvider }),
    vscode.window.createTreeView(VIEW_IDS.students, { treeDataProvider: studentsProvider }),
    vscode.window.createTreeView(VIEW_IDS.datasets, { treeDataProvider: datasetsProvider }),
  );

  // Config-file features.
  const codeLens = new ConfigCodeLensProvider(registry);
  const diceHints = new LabelDiceHints(registry);
  const configSnapshots = new Map<string, string>();
  subs.push(
    codeLens,
    diceHints,
    vscode.languages.registerCodeLensProvider(CONFIG_SELECTOR, codeLens),
    vscode.languages.registerInlayHintsProvider(CONFIG_SELECTOR, diceHints),
    vscode.languages.registerHoverProvider(CONFIG_SELECTOR, new ConfigHoverProvider(registry)),
    new ConfigDiagnostics(engine),
    new ConfigLiveSync(engine, registry, configSnapshots),
  );

  const statusBar = new RunStatusBar(registry);
  subs.push(statusBar);

  // Everything that shows run state redraws together, at most every 250 ms (one metrics message per step).
  const redrawRuns = debounce(() => {
    const runs = registry.runs();
    runsProvider.refresh();
    teachersProvider.refresh();
    studentsProvider.refresh();
    codeLens.refresh();
    diceHints.refresh();
    statusBar.update();
    const live = runs.filter((r) => r.live);
    runsView.badge = live.length > 0 ? { value: live.length, tooltip: `${live.length} run${live.length === 1 ? '' : 's'} going` } : undefined;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasRuns, runs.length > 0);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasLiveRun, live.length > 0);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasRunningRun, live.some((r) => r.status === 'running'));
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasResumableRun, runs.some(isResumable));
  }, 250);
  subs.push({ dispose: () => redrawRuns.cancel() }, registry.onDidChange(() => redrawRuns()));

  const rescanRuns = debounce(() => registry.refresh(), 300);
  const runWatcher = vscode.workspace.createFileSystemWatcher('**/.medkd/runs/**');
  subs.push(runWatcher, runWatcher.onDidCreate(() => rescanRuns()), runWatcher.onDidChange(() => rescanRuns()), runWatcher.onDidDelete(() => rescanRuns()), { dispose: () => rescanRuns.cancel() });
  // A run whose writer died shows as failed only after a quiet period: look again now and then.
  const staleTimer = setInterval(() => {
    if (registry.runs().some((r) => r.status === 'running' && !r.live)) redrawRuns();
  }, 30_000);
  subs.push({ dispose: () => clearInterval(staleTimer) });

  const refreshDatasets = async (): Promise<void> => {
    datasets = await scanWorkspaceDatasets();
    datasetsProvider.refresh();
  };
  const rescanDatasets = debounce(() => void refreshDatasets(), 500);
  for (const glob of ['**/*.medkd.json', '**/dataset.json']) {
    const w = vscode.workspace.createFileSystemWatcher(glob);
    subs.push(w, w.onDidCreate(() => rescanDatasets()), w.onDidChange(() => rescanDatasets()), w.onDidDelete(() => rescanDatasets()));
  }
  subs.push({ dispose: () => rescanDatasets.cancel() }, vscode.workspace.onDidChangeWorkspaceFolders(() => (registry.refresh(), rescanDatasets())));

  // Engine messages update the run state at once; the redraw is debounced.
  subs.push(
    engine.onRunMessage((m) => registry.applyEngineMessage(m)),
    engine.onDidStart(() => void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.engineRunning, true)),
    engine.onDidExit((exit) => {
      void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.engineRunning, false);
      const affected = registry.engineExited();
      if (exit.expected) return;
      const runs = affected.length > 0 ? ` ${affected.length === 1 ? 'Run' : 'Runs'} ${affected.join(', ')} marked failed; the data is kept on disk and can be resumed.` : '';
      void vscode.window.showErrorMessage(`MedKD: the engine stopped unexpectedly (${describeExit(exit)}).${runs}`, 'Restart Engine', 'Show Engine Log').then((a) => {
        if (a === 'Restart Engine') void vscode.commands.executeCommand('medkd.restartEngine');
        if (a === 'Show Engine Log') engine.output.show();
      });
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => codeLens.refresh(true)),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('medkd.config') && diceHints.refresh()),
  );

  const services: Services = {
    context,
    engine,
    registry,
    panels,
    runsView,
    datasets: () => datasets,
    refreshAll: async () => {
      registry.refresh();
      redrawRuns.flush();
      await refreshDatasets();
    },
    rememberRunConfig: (runId, configPath) => {
      runConfigs.set(runId, configPath);
      void context.workspaceState.update(RUN_CONFIGS_KEY, Object.fromEntries(runConfigs));
    },
    configSnapshots,
  };
  subs.push(...registerCommands(services));
  registerPanelSerializers(panels);
  NiftiEditorProvider.register(panels);

  registry.refresh();
  redrawRuns.flush();
  void refreshDatasets();
  return services;
}

/** Stops the engine; VS Code waits for the returned promise (briefly). */
export async function deactivate(): Promise<void> {
  await engineForDeactivate?.stop();
  engineForDeactivate = undefined;
}
