// Entry of the curves webview bundle: connects to the host and hands every message to the app.

import { connectHost } from '../common/vscodeHost';
import { onThemeChange } from '../common/themeColors';
import type { CurvesHostMessage, CurvesViewState, CurvesWebviewMessage } from '../protocol';
import { CurvesApp } from './curvesApp';

const root = document.getElementById('app') ?? document.body;
let app: CurvesApp | undefined;
const pending: CurvesHostMessage[] = [];
const host = connectHost<CurvesHostMessage, CurvesWebviewMessage, CurvesViewState>((msg) => (app ? app.handle(msg) : pending.push(msg)));
app = new CurvesApp(root, host);
for (const m of pending.splice(0)) app.handle(m);
onThemeChange(() => app?.themeChanged());
window.medkdInspect = () => app?.inspect();
