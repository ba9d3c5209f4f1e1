// The webview's side of the host connection: typed posting, saved state, and host messages in.
// acquireVsCodeApi may be called once per page, so every panel goes through connectHost.

import type { CommonWebviewMessage } from '../protocol';
import { WEBVIEW_PROTOCOL_VERSION } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

declare global {
  interface Window {
    /** What the panel has drawn, as plain data: read by the Chromium tests (and handy in the webview dev tools). */
    medkdInspect?: () => unknown;
  }
}

export interface Host<Out, State> {
  post(msg: Out | CommonWebviewMessage): void;
  /** The state saved before the page was hidden or the window reloaded, if any. */
  savedState(): Partial<State> | undefined;
  saveState(state: State): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** Connects, wires host messages to `onMessage`, then says `ready` so the host starts sending. */
export function connectHost<In extends { type: string }, Out, State>(onMessage: (msg: In) => void): Host<Out, State> {
  const api = acquireVsCodeApi();
  const host: Host<Out, State> = {
    post: (msg) => api.postMessage(msg),
    savedState: () => {
      const s = api.getState();
      return typeof s === 'object' && s !== null ? (s as Partial<State>) : undefined;
    },
    saveState: (state) => api.setState(state),
    log: (level, message) => api.postMessage({ type: 'log', level, message } satisfies CommonWebviewMessage),
  };
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    const data = e.data;
    if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') {
      host.log('warn', `malformed host message: ${JSON.stringify(data)}`);
      return;
    }
    try {
      onMessage(data as In);
    } catch (err) {
      host.log('error', `handling '${(data as In).type}': ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  });
  window.addEventListener('error', (e) => host.log('error', `${e.message} (${e.filename}:${e.lineno})`));
  host.post({ type: 'ready', version: WEBVIEW_PROTOCOL_VERSION });
  return host;
}

/** The default branch of an exhaustive switch: the compiler proves it unreachable, the log catches a newer host. */
export function logUnknownMessage(host: Pick<Host<unknown, unknown>, 'log'>, msg: never): void {
  host.log('warn', `unknown host message: ${JSON.stringify(msg)}`);
}
