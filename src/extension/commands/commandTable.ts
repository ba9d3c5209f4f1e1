// Every MedKD command in one table: id, title, when it is enabled, where it shows, whether it needs a trusted
// workspace. package.json's commands and menus are generated from it (scripts/writeManifest.ts) and a test checks
// they match. The handlers live in commandHandlers.ts, keyed by these ids: the compiler rejects a missing one.

export interface MenuPlacement {
  menu: 'view/title' | 'view/item/context' | 'explorer/context' | 'editor/title' | 'editor/context';
  when: string;
  group?: string;
}

export interface CommandSpec {
  id: string;
  title: string;
  /** A codicon shown in view title bars and inline item actions. */
  icon?: string;
  /** Precondition: the command is greyed out and hidden from the palette when false. */
  enablement?: string;
  /** Runs code or starts training: refused with a message in an untrusted workspace. */
  needsTrust: boolean;
  /** Hide from the command palette (commands that only make sense on a clicked item). */
  hideFromPalette?: boolean;
  menus?: MenuPlacement[];
}

const RUNS = 'view == medkd.runs';
const CONFIG_FILE = 'resourceFilename =~ /\\.medkd\\.json$/';
const NIFTI_FILE = 'resourceFilename =~ /\\.nii(\\.gz)?$/';
const LIVE = 'viewItem =~ /^run-(running|paused|queued)-live$/';

export const COMMANDS = [
  {
    id: 'medkd.newConfig',
    title: 'New Experiment Config',
    icon: '$(new-file)',
    needsTrust: false,
    menus: [{ menu: 'view/title', when: RUNS, group: 'navigation@1' }],
  },
  {
    id: 'medkd.startRun',
    title: 'Start Run',
    icon: '$(play)',
    needsTrust: true,
    menus: [
      { menu: 'editor/title', when: CONFIG_FILE, group: 'navigation' },
      { menu: 'explorer/context', when: CONFIG_FILE, group: 'medkd@1' },
      { menu: 'editor/context', when: CONFIG_FILE, group: 'medkd@1' },
    ],
  },
  {
    id: 'medkd.stopRun',
    title: 'Stop Run',
    icon: '$(debug-stop)',
    enablement: 'medkd.hasLiveRun',
    needsTrust: true,
    menus: [{ menu: 'view/item/context', when: `${RUNS} && ${LIVE}`, group: 'inline@3' }],
  },
  {
    id: 'medkd.pauseRun',
    title: 'Pause Run',
    icon: '$(debug-pause)',
    enablement: 'medkd.hasRunningRun',
    needsTrust: true,
    menus: [{ menu: 'view/item/context', when: `${RUNS} && viewItem == run-running-live`, group: 'inline@1' }],
  },
  {
    id: 'medkd.resumeRun',
    title: 'Resume Run',
    icon: '$(debug-continue)',
    enablement: 'medkd.hasResumableRun',
    needsTrust: true,
    menus: [{ menu: 'view/item/context', when: `${RUNS} && viewItem =~ /^run-(paused-live|stopped|failed)$/`, group: 'inline@2' }],
  },
  {
    id: 'medkd.tweakHyperparameter',
    title: 'Tweak Hyperparameter',
    icon: '$(settings)',
    enablement: 'medkd.hasLiveRun',
    needsTrust: true,
    menus: [{ menu: 'view/item/context', when: `${RUNS} && ${LIVE}`, group: '2_live@1' }],
  },
  {
    id: 'medkd.openHyperparameters',
    title: 'Open Hyperparameter Panel',
    enablement: 'medkd.hasLiveRun',
    needsTrust: true,
    menus: [{ menu: 'view/item/context', when: `${RUNS} && ${LIVE}`, group: '2_live@2' }],
  },
  {
    id: 'medkd.runInference',
    title: 'Run Inference',
    icon: '$(run-all)',
    needsTrust: true,
    menus: [{ menu: 'view/item/context', when: 'view =~ /^medkd\\.(teachers|students)$/ && viewItem =~ /^checkpoint-/', group: 'inline' }],
  },
  { id: 'medkd.evaluatePredictions', title: 'Evaluate Predictions', needsTrust: true },
  {
    id: 'medkd.openCurves',
    title: 'Open Curves',
    icon: '$(graph-line)',
    enablement: 'medkd.hasRuns',
    needsTrust: false,
    menus: [{ menu: 'view/item/context', when: `${RUNS} && viewItem =~ /^run-/`, group: '1_open@1' }],
  },
  {
    id: 'medkd.openPredictions',
    title: 'Open Predictions',
    enablement: 'medkd.hasRuns',
    needsTrust: false,
    menus: [{ menu: 'view/item/context', when: `${RUNS} && viewItem =~ /^run-/`, group: '1_open@2' }],
  },
  {
    id: 'medkd.openSliceViewer',
    title: 'Open Slice Viewer',
    icon: '$(eye)',
    needsTrust: false,
    menus: [
      { menu: 'explorer/context', when: NIFTI_FILE, group: 'medkd@1' },
      { menu: 'view/item/context', when: 'view == medkd.datasets && viewItem == case', group: 'inline' },
    ],
  },
  {
    id: 'medkd.compareRuns',
    title: 'Compare Runs',
    icon: '$(diff)',
    enablement: 'medkd.hasRuns',
    needsTrust: false,
    menus: [
      { menu: 'view/title', when: RUNS, group: 'navigation@2' },
      { menu: 'view/item/context', when: `${RUNS} && viewItem =~ /^run-/`, group: '1_open@3' },
    ],
  },
  {
    id: 'medkd.revealRunFolder',
    title: 'Reveal Run Folder',
    enablement: 'medkd.hasRuns',
    needsTrust: false,
    menus: [{ menu: 'view/item/context', when: `${RUNS} && viewItem =~ /^run-/`, group: '3_files@1' }],
  },
  {
    id: 'medkd.deleteRun',
    title: 'Delete Run…',
    enablement: 'medkd.hasRuns',
    needsTrust: false,
    menus: [{ menu: 'view/item/context', when: `${RUNS} && viewItem =~ /^run-(completed|stopped|failed)$/`, group: '3_files@2' }],
  },
  { id: 'medkd.showEngineLog', title: 'Show Engine Log', icon: '$(output)', needsTrust: false },
  { id: 'medkd.restartEngine', title: 'Restart Engine', needsTrust: false },
  {
    id: 'medkd.runDemo',
    title: 'Run Demo',
    icon: '$(rocket)',
    needsTrust: true,
    menus: [{ menu: 'view/title', when: RUNS, group: 'navigation@0' }],
  },
  {
    id: 'medkd.refreshViews',
    title: 'Refresh',
    icon: '$(refresh)',
    needsTrust: false,
    menus: [
      { menu: 'view/title', when: 'view =~ /^medkd\\.(datasets|teachers|students)$/', group: 'navigation@9' },
      { menu: 'view/title', when: RUNS, group: 'navigation@9' },
    ],
  },
  // The status bar item's click target: reveals a run (by id) in the Runs view.
  { id: 'medkd.revealRun', title: 'Reveal Run in Runs View', needsTrust: false, hideFromPalette: true },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMANDS)[number]['id'];

export const CATEGORY = 'MedKD';

/** Context keys the extension sets (used in the enablement clauses above). */
export const CONTEXT_KEYS = {
  hasRuns: 'medkd.hasRuns',
  hasLiveRun: 'medkd.hasLiveRun',
  hasRunningRun: 'medkd.hasRunningRun',
  hasResumableRun: 'medkd.hasResumableRun',
  engineRunning: 'medkd.engineRunning',
} as const;
