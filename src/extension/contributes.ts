// The extension's package.json contributions, built from the command table and the view ids in one place.
// scripts/writeManifest.ts writes them into package.json; test/extension/contributes.test.ts checks they match.
import { CATEGORY, COMMANDS } from './commands/commandTable';
import type { CommandSpec, MenuPlacement } from './commands/commandTable';

export const VIEW_CONTAINER_ID = 'medkd';

export const VIEW_IDS = {
  datasets: 'medkd.datasets',
  teachers: 'medkd.teachers',
  students: 'medkd.students',
  runs: 'medkd.runs',
} as const;

export const NIFTI_EDITOR_VIEW_TYPE = 'medkd.niftiViewer';
export const WALKTHROUGH_ID = 'medkd.gettingStarted';
export const ENGINE_OUTPUT_CHANNEL = 'MedKD Engine';

/** Settings keys, with their package.json declarations below. */
export const SETTINGS = {
  nodePath: 'medkd.engine.nodePath',
  backend: 'medkd.engine.backend',
  openCurvesOnStart: 'medkd.runs.openCurvesOnStart',
  showDiceInline: 'medkd.config.showDiceInline',
} as const;

const WEBVIEW_PANEL_TYPES = ['medkd.curves', 'medkd.sliceViewer', 'medkd.hyperparams'];

export function activationEvents(): string[] {
  return [
    ...Object.values(VIEW_IDS).map((v) => `onView:${v}`),
    ...COMMANDS.map((c) => `onCommand:${c.id}`),
    'workspaceContains:**/*.medkd.json',
    `onCustomEditor:${NIFTI_EDITOR_VIEW_TYPE}`,
    // Panels open before a reload are restored by their serializers, which need the extension active.
    ...WEBVIEW_PANEL_TYPES.map((t) => `onWebviewPanel:${t}`),
  ];
}

export const CAPABILITIES = {
  untrustedWorkspaces: {
    supported: 'limited',
    description: 'Browsing datasets, runs, curves and predictions works in untrusted folders; starting runs, inference and evaluation need a trusted workspace.',
    restrictedConfigurations: [SETTINGS.nodePath],
  },
} as const;

function commandContribution(c: CommandSpec): Record<string, string> {
  return { command: c.id, title: c.title, category: CATEGORY, ...(c.icon !== undefined ? { icon: c.icon } : {}), ...(c.enablement !== undefined ? { enablement: c.enablement } : {}) };
}

function menus(): Record<string, { command: string; when: string; group?: string }[]> {
  const out: Record<string, { command: string; when: string; group?: string }[]> = {};
  const add = (menu: string, item: { command: string; when: string; group?: string }) => (out[menu] ??= []).push(item);
  for (const c of COMMANDS as readonly CommandSpec[]) {
    for (const m of c.menus ?? ([] as MenuPlacement[])) add(m.menu, { command: c.id, when: m.when, ...(m.group !== undefined ? { group: m.group } : {}) });
    if (c.hideFromPalette) add('commandPalette', { command: c.id, when: 'false' });
  }
  return out;
}

export function buildContributes(): Record<string, unknown> {
  return {
    commands: (COMMANDS as readonly CommandSpec[]).map(commandContribution),
    menus: menus(),
    viewsContainers: { activitybar: [{ id: VIEW_CONTAINER_ID, title: 'MedKD', icon: 'media/medkd.svg' }] },
    views: {
      [VIEW_CONTAINER_ID]: [
        { id: VIEW_IDS.datasets, name: 'Datasets', icon: 'media/medkd.svg', contextualTitle: 'MedKD' },
        { id: VIEW_IDS.teachers, name: 'Teachers', icon: 'media/medkd.svg', contextualTitle: 'MedKD' },
        { id: VIEW_IDS.students, name: 'Students', icon: 'media/medkd.svg', contextualTitle: 'MedKD' },
        { id: VIEW_IDS.runs, name: 'Runs', icon: 'media/medkd.svg', contextualTitle: 'MedKD' },
      ],
    },
    viewsWelcome: [
      { view: VIEW_IDS.runs, contents: 'Open a folder: MedKD keeps its runs in the workspace (.medkd/runs).\n[Open Folder](command:vscode.openFolder)', when: 'workspaceFolderCount == 0' },
      {
        view: VIEW_IDS.runs,
        contents:
          'No runs yet.\n[Run the Demo](command:medkd.runDemo)\n[New Experiment Config](command:medkd.newConfig)\nThe demo trains a small teacher and distils it into a student on synthetic phantoms, in a few minutes on a CPU. [Getting Started](command:workbench.action.openWalkthrough?%22medkd.medkd%23medkd.gettingStarted%22)',
        when: 'workspaceFolderCount > 0',
      },
      { view: VIEW_IDS.datasets, contents: 'No datasets yet. Datasets come from *.medkd.json experiment configs and dataset.json files in the workspace.\n[New Experiment Config](command:medkd.newConfig)' },
      { view: VIEW_IDS.teachers, contents: 'No trained teachers yet: they appear here when a run finishes.\n[Run the Demo](command:medkd.runDemo)' },
      { view: VIEW_IDS.students, contents: 'No distilled students yet: they appear here when a distillation run finishes.\n[Run the Demo](command:medkd.runDemo)' },
    ],
    walkthroughs: [
      {
        id: WALKTHROUGH_ID,
        title: 'Get started with MedKD',
        description: 'Distil a 3D segmentation teacher into a light student, watch it learn, and look at its predictions.',
        steps: [
          {
            id: 'runDemo',
            title: 'Run the demo',
            description: 'Writes a demo config for synthetic phantoms into your workspace and starts it.\n[Run the Demo](command:medkd.runDemo)',
            media: { markdown: 'media/walkthrough/runDemo.md' },
            completionEvents: ['onCommand:medkd.runDemo'],
          },
          {
            id: 'watchCurves',
            title: 'Watch the loss curves',
            description: 'Live curves of every run, and side by side to compare.\n[Open Curves](command:medkd.openCurves)',
            media: { markdown: 'media/walkthrough/watchCurves.md' },
            completionEvents: ['onCommand:medkd.openCurves'],
          },
          {
            id: 'tweak',
            title: 'Tweak a hyperparameter while it trains',
            description: 'Change the learning rate or the distillation temperature between steps.\n[Tweak Hyperparameter](command:medkd.tweakHyperparameter)',
            media: { markdown: 'media/walkthrough/tweak.md' },
            completionEvents: ['onCommand:medkd.tweakHyperparameter'],
          },
          {
            id: 'newConfig',
            title: 'Write your own experiment',
            description: 'Start from a template for any method and point it at your data.\n[New Experiment Config](command:medkd.newConfig)',
            media: { markdown: 'media/walkthrough/newConfig.md' },
            completionEvents: ['onCommand:medkd.newConfig'],
          },
        ],
      },
    ],
    customEditors: [
      {
        viewType: NIFTI_EDITOR_VIEW_TYPE,
        displayName: 'MedKD Slice Viewer',
        selector: [{ filenamePattern: '*.nii' }, { filenamePattern: '*.nii.gz' }],
        priority: 'default',
      },
    ],
    jsonValidation: [{ fileMatch: '*.medkd.json', url: './media/medkd.schema.json' }],
    configuration: {
      title: 'MedKD',
      properties: {
        [SETTINGS.nodePath]: {
          type: 'string',
          default: '',
          scope: 'machine',
          markdownDescription: 'Node.js executable that runs the MedKD engine. Empty: a `node` found on `PATH`, else VS Code\'s own runtime (then only the WebAssembly/CPU backends are available).',
        },
        [SETTINGS.backend]: {
          type: 'string',
          enum: ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
          default: 'auto',
          scope: 'machine-overridable',
          markdownDescription: 'TensorFlow.js backend for the engine. `auto` picks the fastest one that loads (GPU, native, WebAssembly, then JS). Takes effect when the engine restarts.',
        },
        [SETTINGS.openCurvesOnStart]: { type: 'boolean', default: true, description: 'Open the live curves when a run starts.' },
        [SETTINGS.showDiceInline]: { type: 'boolean', default: true, description: 'Show the latest validation Dice next to each label name in experiment configs.' },
      },
    },
  };
}
