// Entry of the slice viewer webview bundle: connects to the host and hands every message to the app.

import { connectHost } from '../common/vscodeHost';
import type { SliceViewerHostMessage, SliceViewerViewState, SliceViewerWebviewMessage } from '../protocol';
import type { Voxel } from './slicePane';
import { SliceViewerApp } from './sliceViewerApp';

declare global {
  interface Window {
    /** Test probes: where voxel v is drawn in pane i, and how long stepping slices takes. */
    medkdSlice?: { pixelOf(i: number, v: Voxel): { x: number; y: number } | undefined; timeSteps(i: number, n: number): number[] };
  }
}

const root = document.getElementById('app') ?? document.body;
let app: SliceViewerApp | undefined;
const pending: SliceViewerHostMessage[] = [];
const host = connectHost<SliceViewerHostMessage, SliceViewerWebviewMessage, SliceViewerViewState>((msg) => (app ? app.handle(msg) : pending.push(msg)));
app = new SliceViewerApp(root, host);
for (const m of pending.splice(0)) app.handle(m);
const a = app;
window.medkdInspect = () => a.inspect();
window.medkdSlice = { pixelOf: (i, v) => a.pixelOf(i, v), timeSteps: (i, n) => a.timeSteps(i, n) };
