// Entry of the hyperparameter webview bundle: connects to the host and hands every message to the app.

import { connectHost } from '../common/vscodeHost';
import type { HyperparamHostMessage, HyperparamViewState, HyperparamWebviewMessage } from '../protocol';
import { HyperparamApp } from './hyperparamApp';

const root = document.getElementById('app') ?? document.body;
let app: HyperparamApp | undefined;
const pending: HyperparamHostMessage[] = [];
const host = connectHost<HyperparamHostMessage, HyperparamWebviewMessage, HyperparamViewState>((msg) => (app ? app.handle(msg) : pending.push(msg)));
app = new HyperparamApp(root, host);
for (const m of pending.splice(0)) app.handle(m);
const a = app;
window.medkdInspect = () => a.inspect();
