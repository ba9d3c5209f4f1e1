// A typed pipe to one webview: nothing is sent before the webview says `ready`, and at every `ready` (first load,
// and each reload after a hidden panel is shown again) the panel sends its whole state, so nothing can be missed.

import type { CommonWebviewMessage } from '../../webview/protocol';
import { WEBVIEW_PROTOCOL_VERSION } from '../../webview/protocol';

/** The slice of vscode.Webview the channel uses (structural, so it runs in plain Node tests). */
export interface WebviewLike {
  postMessage(message: unknown): Thenable<boolean>;
  onDidReceiveMessage(listener: (message: unknown) => void): { dispose(): void };
}

export class WebviewChannel<H, W extends { type: string }> {
  private ready = false;
  private readonly sub: { dispose(): void };

  /**
   * `onReady` runs at every handshake (first load, and each reload after the panel was hidden), so the
   * panel sends its whole state there; `onMessage` gets every other message.
   */
  constructor(
    private readonly webview: WebviewLike,
    private readonly handlers: {
      onReady(): void;
      onMessage(msg: Exclude<W, CommonWebviewMessage>): void;
      log(msg: string): void;
    },
  ) {
    this.sub = webview.onDidReceiveMessage((raw) => this.receive(raw));
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Dropped before the handshake: onReady sends the full state then. */
  post(msg: H): void {
    if (this.ready) void this.webview.postMessage(msg);
  }

  /** The page is gone (panel hidden without retained context): wait for the next `ready`. */
  reset(): void {
    this.ready = false;
  }

  dispose(): void {
    this.sub.dispose();
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null || typeof (raw as { type?: unknown }).type !== 'string') {
      this.handlers.log(`webview sent a malformed message: ${JSON.stringify(raw)}`);
      return;
    }
    const msg = raw as W | CommonWebviewMessage;
    if (msg.type === 'ready') {
      const version = (msg as { version?: unknown }).version;
      if (version !== WEBVIEW_PROTOCOL_VERSION) this.handlers.log(`webview protocol ${String(version)}, host ${WEBVIEW_PROTOCOL_VERSION}`);
      this.ready = true;
      this.handlers.onReady();
      return;
    }
    if (msg.type === 'log') {
      const m = msg as Extract<CommonWebviewMessage, { type: 'log' }>;
      this.handlers.log(`[webview ${m.level}] ${m.message}`);
      return;
    }
    this.handlers.onMessage(msg as Exclude<W, CommonWebviewMessage>);
  }
}
