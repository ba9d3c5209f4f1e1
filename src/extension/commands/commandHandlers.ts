// The handler of every command in commandTable.ts. Registered through one wrapper that refuses trust-needing
// commands in an untrusted workspace (with a way to grant trust) and reports failures instead of throwing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { TweakableParam } from '../../engine/protocol';
import { RUN_FILES } from '../../engine/protocol';
import { configTemplate, METHOD_DESCRIPTIONS, METHODS } from '../config/configTemplate';
import type { MethodName } from '../config/configTemplate';
import { validateTweak } from '../config/validateTweak';
import { SETTINGS, VIEW_IDS } from '../contributes';
import { CancelledError } from '../engine/engineClient';
import { formatEvaluationTable } from '../evaluation/formatEvaluationTable';
import { CurvesPanel } from '../panels/curvesPanel';
import { HyperparamPanel } from '../panels/hyperparamPanel';
import { SliceViewerPanel } from '../panels/sliceViewerPanel';
import type { SliceViewRequest } from '../panels/sliceViewerPanel';
import type { RunSummary } from '../runs/runState';
import type { Services } from '../services';
import { checkpointEntries } from '../views/checkpointTreeModel';
import { COMMANDS } from './commandTable';
import type { CommandId } from './commandTable';
import { coarseStageFor } from './cascadeInference';
import { pickCheckpoint, pickConfig, pickRun, pickRuns } from './pickers';
import { isResumable, runIdFromArg, runIdsFromArgs } from './runArgs';

type Handler = (...args: unknown[]) => unknown;

export const DEMO_CONFIG_FILE = 'medkd-demo.medkd.json';

export function registerCommands(s: Services): vscode.Disposable[] {
  const handlers = createHandlers(s);
  return COMMANDS.map((spec) =>
    vscode.commands.registerCommand(spec.id, async (...args: unknown[]) => {
      if (spec.needsTrust && !vscode.workspace.isTrusted) {
        const choice = await vscode.window.showWarningMessage(
          `MedKD: "${spec.title}" runs training or inference, which needs a trusted workspace. Browsing runs, curves and predictions works without trust.`,
          'Manage Workspace Trust',
        );
        if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
        return undefined;
      }
      try {
        return await handlers[spec.id](...args);
      } catch (err) {
        if (err instanceof CancelledError) return undefined;
        const message = err instanceof Error ? err.message : String(err);
        s.engine.output.error(`${spec.id}: ${message}`);
        void vscode.window.showErrorMessage(`MedKD: ${spec.title} failed: ${message}`, 'Show Engine Log').then((a) => a && s.engine.output.show());
        return undefined;
      }
    }),
  );
}

function createHandlers(s: Services): Record<CommandId, Handler> {
  const runs = (): RunSummary[] => s.registry.runs();
  const runById = (id: string | undefined): RunSummary | undefined => (id === undefined ? undefined : s.registry.get(id));

  async function chooseRun(arg: unknown, filter: (r: RunSummary) => boolean, placeHolder: string, emptyMessage: string): Promise<RunSummary | undefined> {
    const given = runById(runIdFromArg(arg));
    if (given) return given;
    return pickRun(runs().filter(filter), placeHolder, emptyMessage);
  }

  async function startRun(configUri: vscode.Uri, resumeRunId?: string): Promise<RunSummary | undefined> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === configUri.toString());
    if (doc?.isDirty) await doc.save();
    const folder = vscode.workspace.getWorkspaceFolder(configUri) ?? vscode.workspace.workspaceFolders?.[0];
    const workspaceRoot = folder?.uri.fsPath ?? dirname(configUri.fsPath);
    const configPath = configUri.fsPath;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: resumeRunId ? `MedKD: resuming ${resumeRunId}` : 'MedKD: starting run' },
      () => s.engine.request('startRun', { configPath, workspaceRoot, ...(resumeRunId !== undefined ? { resumeRunId } : {}) }),
    );
    const sourceConfig = resumeRunId !== undefined ? runById(resumeRunId)?.configPath : configPath;
    s.registry.adopt(result.runId, result.runDir, sourceConfig);
    if (sourceConfig !== undefined) {
      s.rememberRunConfig(result.runId, sourceConfig);
      try {
        s.configSnapshots.set(sourceConfig, readFileSync(sourceConfig, 'utf8'));
      } catch {
        // the config was a run's own config.json, or is gone: nothing to diff against later
      }
    }
    vscode.window.setStatusBarMessage(`MedKD: ${resumeRunId ? 'resumed' : 'started'} ${result.runId}`, 5000);
    if (vscode.workspace.getConfiguration().get<boolean>(SETTINGS.openCurvesOnStart, true)) CurvesPanel.show(s.panels, [result.runDir]);
    await revealRun(result.runId);
    return runById(result.runId);
  }

  async function revealRun(runId: string): Promise<void> {
    const run = runById(runId);
    if (!run) return;
    await vscode.commands.executeCommand(`${VIEW_IDS.runs}.focus`);
    await s.runsView.reveal({ kind: 'run', run }, { select: true, focus: false });
  }

  async function askTweak(run: RunSummary): Promise<void> {
    const { params } = await s.engine.request('getTweakables', { runId: run.id });
    if (params.length === 0) {
      void vscode.window.showInformationMessage(`MedKD: run ${run.id} has no live-tweakable hyperparameters.`);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      params.map((p) => ({ label: p.name, description: `= ${p.value}`, detail: `${p.doc} (${p.min} … ${p.max}${p.log ? ', log scale' : ''})`, param: p })),
      { placeHolder: `Hyperparameter of ${run.id} to change (takes effect at the next step)` },
    );
    if (!picked) return;
    const param: TweakableParam = picked.param;
    const input = await vscode.window.showInputBox({
      title: `${param.name} for ${run.id}`,
      prompt: `${param.doc} Between ${param.min} and ${param.max}.`,
      value: String(param.value),
      validateInput: (v) => {
        const r = validateTweak(v, param);
        return r.ok ? undefined : r.message;
      },
    });
    if (input === undefined) return;
    const checked = validateTweak(input, param);
    if (!checked.ok) return;
    const result = await s.engine.request('tweak', { runId: run.id, changes: { [param.name]: checked.value }, source: 'command' });
    const applied = result.applied[param.name];
    void vscode.window.showInformationMessage(
      applied ? `MedKD: ${param.name} ${applied.old} → ${applied.value} in ${run.id}, from step ${result.atStep}.` : `MedKD: the engine did not apply ${param.name}.`,
    );
  }

  function predictionRequest(run: RunSummary, caseId?: string): SliceViewRequest | undefined {
    const abs = (p: string) => vscode.Uri.file(isAbsolute(p) ? p : join(run.dir, p));
    const preds = run.report?.predictions ?? [];
    const entry = preds.find((p) => p.caseId === caseId) ?? preds[0];
    if (!entry) return undefined;
    const overlays: NonNullable<SliceViewRequest['overlays']> = [];
    if (entry.reference) overlays.push({ label: 'reference', uri: abs(entry.reference), kind: 'groundTruth' });
    // Every network's prediction when the report lists them (teachers and student side by side), else the student's.
    const byNetwork = (entry as { byNetwork?: Record<string, string> }).byNetwork ?? {};
    for (const [network, path] of Object.entries(byNetwork)) overlays.push({ label: network, uri: abs(path), kind: run.report?.networks[network]?.role ?? 'prediction' });
    if (Object.keys(byNetwork).length === 0) overlays.push({ label: 'prediction', uri: abs(entry.prediction), kind: 'student' });
    return { image: abs(entry.image), overlays, labelNames: run.labelNames, title: `${run.id}: ${entry.caseId}` };
  }

  async function showPredictions(arg: unknown, beside: boolean): Promise<void> {
    const run = await chooseRun(arg, (r) => r.report?.predictions !== undefined || listFiles(join(r.dir, RUN_FILES.predictions)).length > 0, 'Run whose predictions to show', 'no run has predictions yet.');
    if (!run) return;
    const cases = run.report?.predictions ?? [];
    let caseId: string | undefined;
    if (cases.length > 1) {
      caseId = (await vscode.window.showQuickPick(cases.map((c) => ({ label: c.caseId, description: basename(c.image) })), { placeHolder: `Validation case of ${run.id}` }))?.label;
      if (caseId === undefined) return;
    }
    const request = predictionRequest(run, caseId);
    if (request) {
      openSlices(request, beside);
      return;
    }
    // No report yet (the run is still going): offer the prediction volumes written so far.
    const dir = join(run.dir, RUN_FILES.predictions);
    const files = listFiles(dir).filter((f) => /\.nii(\.gz)?$/.test(f));
    if (files.length === 0) {
      void vscode.window.showInformationMessage(`MedKD: run ${run.id} has written no predictions yet (they come with validation and at the end of the run).`);
      return;
    }
    const f = files.length === 1 ? files[0] : (await vscode.window.showQuickPick(files, { placeHolder: 'Prediction volume' }));
    if (f) openSlices({ image: vscode.Uri.file(join(dir, f)), labelNames: run.labelNames, title: `${run.id}: ${f}` }, beside);
  }

  function openSlices(request: SliceViewRequest, beside: boolean): void {
    SliceViewerPanel.show(s.panels, request);
    // The panel opens in the active group; beside a config, move it to the group on the right.
    if (beside) void vscode.commands.executeCommand('workbench.action.moveEditorToRightGroup');
  }

  return {
    'medkd.newConfig': async (arg) => {
      const picked = await vscode.window.showQuickPick(
        METHODS.map((m) => ({ label: m, detail: METHOD_DESCRIPTIONS[m] })),
        { placeHolder: 'Method of the new experiment (a template on synthetic phantoms you can point at your data)' },
      );
      if (!picked) return;
      const method = picked.label as MethodName;
      const name = await vscode.window.showInputBox({
        prompt: 'Experiment name (the run name prefix)',
        value: `${method}-experiment`,
        validateInput: (v) => (/^[A-Za-z0-9_. -]+$/.test(v) ? undefined : 'Letters, digits, space, _ . - only'),
      });
      if (!name) return;
      const text = configTemplate(method, name);
      const folder = arg instanceof vscode.Uri ? arg : vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!folder) {
        const doc = await vscode.workspace.openTextDocument({ language: 'json', content: text });
        await vscode.window.showTextDocument(doc);
        return;
      }
      let target = vscode.Uri.joinPath(folder, `${name.replace(/\s+/g, '-')}.medkd.json`);
      for (let n = 2; existsSync(target.fsPath); n++) target = vscode.Uri.joinPath(folder, `${name.replace(/\s+/g, '-')}-${n}.medkd.json`);
      await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
      await vscode.window.showTextDocument(target);
    },

    'medkd.startRun': async (arg) => {
      const uri = await pickConfig(arg);
      if (uri) await startRun(uri);
    },

    'medkd.stopRun': async (arg) => {
      const run = await chooseRun(arg, (r) => r.live, 'Run to stop', 'no run is going.');
      if (!run) return;
      // The engine answers at once with the status it had; the run stops after its checkpoint (the Runs view follows).
      const { status } = await s.engine.request('stopRun', { runId: run.id });
      vscode.window.setStatusBarMessage(status === 'running' || status === 'paused' ? `MedKD: stopping ${run.id} (saving a checkpoint)` : `MedKD: ${run.id} ${status}`, 5000);
    },

    'medkd.pauseRun': async (arg) => {
      const run = await chooseRun(arg, (r) => r.live && r.status === 'running', 'Run to pause', 'no run is training.');
      if (!run) return;
      const { status } = await s.engine.request('pauseRun', { runId: run.id });
      vscode.window.setStatusBarMessage(`MedKD: ${run.id} ${status}`, 5000);
    },

    'medkd.resumeRun': async (arg) => {
      const run = await chooseRun(arg, isResumable, 'Run to resume', 'no paused, stopped or failed run to resume.');
      if (!run) return;
      if (run.live && run.status === 'paused') {
        const { status } = await s.engine.request('resumeRun', { runId: run.id });
        vscode.window.setStatusBarMessage(`MedKD: ${run.id} ${status}`, 5000);
        return;
      }
      // A stopped or failed run continues from its last checkpoint with its own resolved config.
      await startRun(vscode.Uri.file(join(run.dir, RUN_FILES.config)), run.id);
    },

    'medkd.tweakHyperparameter': async (arg) => {
      const run = await chooseRun(arg, (r) => r.live, 'Run to tweak', 'no run is going: tweaks apply to a live run.');
      if (run) await askTweak(run);
    },

    'medkd.openHyperparameters': async (arg) => {
      const run = await chooseRun(arg, (r) => r.live, 'Run whose hyperparameters to show', 'no run is going.');
      if (run) HyperparamPanel.show(s.panels, run.id);
    },

    'medkd.runInference': async (arg) => {
      let checkpoint: string | undefined;
      let runId: string | undefined;
      const fromTree = arg as { kind?: string; entry?: { checkpoint?: unknown; runId?: unknown } } | undefined;
      if (fromTree?.kind === 'checkpoint' && typeof fromTree.entry?.checkpoint === 'string') {
        checkpoint = fromTree.entry.checkpoint;
        runId = typeof fromTree.entry.runId === 'string' ? fromTree.entry.runId : undefined;
      }
      if (checkpoint === undefined) {
        const all = [...checkpointEntries(runs(), 'student'), ...checkpointEntries(runs(), 'teacher')];
        checkpoint = await pickCheckpoint(all, 'Checkpoint to run', 'Checkpoint');
        runId = all.find((e) => e.checkpoint === checkpoint)?.runId;
        if (checkpoint === undefined) return;
      }
      // A fine cascade stage segments the ROI its coarse stage finds: the coarse checkpoint its run used, else ask.
      let coarse: string | undefined;
      const cascade = runId !== undefined ? coarseStageFor(runId, runs()) : { needed: false as const };
      if (cascade.needed) {
        coarse = cascade.known ?? (await pickCheckpoint(cascade.candidates, 'Coarse stage that finds the region of interest for this fine stage', 'Coarse-stage checkpoint'));
        if (coarse === undefined) return;
      }
      const input = (await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, title: 'Image (NIfTI) or folder of images to segment', openLabel: 'Segment' }))?.[0];
      if (!input) return;
      const root = vscode.workspace.getWorkspaceFolder(input)?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? dirname(input.fsPath);
      const output = join(root, '.medkd', 'inference', `${basename(input.fsPath).replace(/\.nii(\.gz)?$/, '')}-${timestamp()}`);
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `MedKD: segmenting ${basename(input.fsPath)}`, cancellable: true },
        (progress, token) => {
          let done = 0;
          return s.engine.request('infer', { checkpoint: checkpoint!, input: input.fsPath, output, ...(coarse !== undefined ? { coarse } : {}) }, {
            token,
            onProgress: (fraction, message) => {
              progress.report({ increment: Math.max(0, fraction - done) * 100, message });
              done = Math.max(done, fraction);
            },
          });
        },
      );
      const first = result.outputs[0];
      const choice = await vscode.window.showInformationMessage(`MedKD: inference wrote ${result.outputs.length} segmentation${result.outputs.length === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(output)}.`, ...(first ? ['Open in Slice Viewer'] : []), 'Reveal');
      if (choice === 'Open in Slice Viewer' && first) {
        const image = input.fsPath.match(/\.nii(\.gz)?$/) ? input : vscode.Uri.file(first);
        SliceViewerPanel.show(s.panels, { image, overlays: image.fsPath === first ? [] : [{ label: 'prediction', uri: vscode.Uri.file(first), kind: 'prediction' }], title: `Inference: ${basename(input.fsPath)}` });
      }
      if (choice === 'Reveal') void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(output));
    },

    'medkd.evaluatePredictions': async () => {
      const pred = (await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, title: 'Predictions (a NIfTI label map or a folder of them)', openLabel: 'Predictions' }))?.[0];
      if (!pred) return;
      const ref = (await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, defaultUri: vscode.Uri.file(dirname(pred.fsPath)), title: 'Reference labels (same file names)', openLabel: 'Reference' }))?.[0];
      if (!ref) return;
      const table = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'MedKD: evaluating predictions', cancellable: true },
        (progress, token) => s.engine.request('evaluate', { pred: pred.fsPath, ref: ref.fsPath }, { token, onProgress: (f, m) => progress.report({ message: `${Math.round(f * 100)}% ${m}` }) }),
      );
      // Label names from the run the predictions belong to, when they sit in a run folder.
      const owner = runs().find((r) => pred.fsPath.startsWith(r.dir));
      const markdown = formatEvaluationTable(table, owner?.labelNames ?? {}, `Evaluation of ${vscode.workspace.asRelativePath(pred)}`);
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
      await vscode.commands.executeCommand('markdown.showPreview', doc.uri).then(undefined, () => vscode.window.showTextDocument(doc));
    },

    'medkd.openCurves': async (arg, selection) => {
      let ids = runIdsFromArgs(arg, selection);
      if (ids.length === 0) {
        const live = runs().filter((r) => r.live).map((r) => r.id);
        ids = (await pickRuns(runs(), 'Runs to plot', live.length > 0 ? live : runs().slice(0, 1).map((r) => r.id))).map((r) => r.id);
      }
      if (ids.length > 0) CurvesPanel.show(s.panels, ids.map((id) => s.registry.runDir(id)));
    },

    'medkd.openPredictions': async (arg, options) => {
      const beside = typeof options === 'object' && options !== null && (options as { beside?: unknown }).beside === true;
      await showPredictions(arg, beside);
    },

    'medkd.openSliceViewer': async (arg) => {
      let request: SliceViewRequest | undefined;
      if (arg instanceof vscode.Uri) request = { image: arg };
      else if (typeof arg === 'string') request = { image: vscode.Uri.file(arg) };
      else if (typeof arg === 'object' && arg !== null && typeof (arg as { image?: unknown }).image === 'string') {
        const a = arg as { image: string; label?: string; labelNames?: Record<string, string>; title?: string };
        request = {
          image: vscode.Uri.file(a.image),
          ...(a.label ? { overlays: [{ label: 'label', uri: vscode.Uri.file(a.label), kind: 'groundTruth' as const }] } : {}),
          ...(a.labelNames ? { labelNames: a.labelNames } : {}),
          ...(a.title ? { title: a.title } : {}),
        };
      } else if (typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'case') {
        const c = arg as { case: { image: string; label?: string; id: string }; entry: { labelNames: Record<string, string>; title: string } };
        request = {
          image: vscode.Uri.file(c.case.image),
          ...(c.case.label ? { overlays: [{ label: 'label', uri: vscode.Uri.file(c.case.label), kind: 'groundTruth' as const }] } : {}),
          labelNames: c.entry.labelNames,
          title: `${c.entry.title}: ${c.case.id}`,
        };
      } else {
        const active = vscode.window.activeTextEditor?.document.uri;
        const image = active && /\.nii(\.gz)?$/.test(active.path) ? active : (await vscode.window.showOpenDialog({ canSelectFiles: true, filters: { NIfTI: ['nii', 'gz'] }, title: 'Image to view' }))?.[0];
        if (image) request = { image };
      }
      if (request) SliceViewerPanel.show(s.panels, request);
    },

    'medkd.compareRuns': async (arg, selection) => {
      let ids = runIdsFromArgs(arg, selection);
      if (ids.length < 2) {
        const picked = await pickRuns(runs(), ids.length === 1 ? `Runs to compare with ${ids[0]}` : 'Runs to compare', ids);
        ids = [...new Set([...ids, ...picked.map((r) => r.id)])];
      }
      if (ids.length > 0) CurvesPanel.show(s.panels, ids.map((id) => s.registry.runDir(id)));
    },

    'medkd.revealRunFolder': async (arg) => {
      const run = await chooseRun(arg, () => true, 'Run to reveal', 'there are no runs yet.');
      if (run) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(run.dir));
    },

    'medkd.deleteRun': async (arg) => {
      const run = await chooseRun(arg, (r) => !r.live, 'Run to delete', 'there is no finished run to delete.');
      if (!run) return;
      if (run.live) {
        void vscode.window.showWarningMessage(`MedKD: ${run.id} is ${run.status}; stop it before deleting it.`);
        return;
      }
      const choice = await vscode.window.showWarningMessage(
        `Delete run ${run.id}?`,
        { modal: true, detail: `Its metrics, events, checkpoints and predictions in ${run.dir} will be deleted.` },
        'Delete',
      );
      if (choice !== 'Delete') return;
      const uri = vscode.Uri.file(run.dir);
      await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: true }).then(undefined, () => vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }));
      s.registry.refresh();
    },

    'medkd.showEngineLog': () => s.engine.output.show(),

    'medkd.restartEngine': async () => {
      const hello = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'MedKD: restarting the engine' }, () => s.engine.restart());
      void vscode.window.showInformationMessage(`MedKD: engine restarted (backend ${hello.hello?.backend ?? 'unknown'}).`);
    },

    'medkd.runDemo': async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) {
        const choice = await vscode.window.showInformationMessage('MedKD: open a folder first; the demo writes its config and runs there.', 'Open Folder');
        if (choice) void vscode.commands.executeCommand('vscode.openFolder');
        return;
      }
      const uri = vscode.Uri.joinPath(folder.uri, DEMO_CONFIG_FILE);
      // An existing demo config is kept: the user may have edited it.
      if (!existsSync(uri.fsPath)) await vscode.workspace.fs.writeFile(uri, Buffer.from(configTemplate('kd', 'demo', { quick: true }), 'utf8'));
      await vscode.window.showTextDocument(uri, { preview: false });
      await startRun(uri);
    },

    'medkd.refreshViews': () => s.refreshAll(),

    'medkd.revealRun': async (arg) => {
      const id = runIdFromArg(arg);
      if (id !== undefined) await revealRun(id);
    },
  };
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

