// The slice viewer panel: one NIfTI image with optional label overlays, delivered to the webview as files.

import * as vscode from 'vscode';
import type { OverlayKind, SliceViewLoad, SliceViewerHostMessage, SliceViewerWebviewMessage } from '../../webview/protocol';
import { VIEW_TYPES } from '../../webview/protocol';
import type { PanelContext } from './panelContext';
import { renderWebview, webviewOptions } from './panelWebview';
import { WebviewChannel } from './webviewChannel';

export interface SliceViewRequest {
  image: vscode.Uri;
  overlays?: { label: string; uri: vscode.Uri; kind: OverlayKind }[];
  /** Label id → name. */
  labelNames?: Record<string, string>;
  title?: string;
}

export class SliceViewerPanel {
  private readonly channel: WebviewChannel<SliceViewerHostMessage, SliceViewerWebviewMessage>;
  private readonly disposables: vscode.Disposable[] = [];

  static show(ctx: PanelContext, request: SliceViewRequest): SliceViewerPanel {
    const title = request.title ?? `Slices: ${basename(request.image)}`;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPES.sliceViewer, title, vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri, volumeRoots(request)));
    return new SliceViewerPanel(ctx, panel, request);
  }

  /** Adopts a panel VS Code restored after a reload, from the load the webview saved in its state. */
  static restore(ctx: PanelContext, panel: vscode.WebviewPanel, saved: SliceViewLoad | undefined): SliceViewerPanel | undefined {
    if (!saved) {
      panel.dispose();
      return undefined;
    }
    return new SliceViewerPanel(ctx, panel, {
      image: vscode.Uri.parse(saved.image.uri),
      overlays: saved.overlays.map((o) => ({ label: o.label, kind: o.kind, uri: vscode.Uri.parse(o.uri) })),
      labelNames: saved.labelNames,
      title: saved.title,
    });
  }

  /** Shows a request in a panel someone else created (the custom editor). */
  static attach(ctx: PanelContext, panel: vscode.WebviewPanel, request: SliceViewRequest): SliceViewerPanel {
    return new SliceViewerPanel(ctx, panel, request);
  }

  private constructor(
    ctx: PanelContext,
    private readonly panel: vscode.WebviewPanel,
    private readonly request: SliceViewRequest,
  ) {
    panel.webview.options = webviewOptions(ctx.extensionUri, volumeRoots(request));
    this.channel = new WebviewChannel(panel.webview, {
      onReady: () => this.channel.post({ type: 'load', load: this.load() }),
      onMessage: () => undefined,
      log: (m) => ctx.log(m),
    });
    renderWebview(panel.webview, ctx.extensionUri, 'sliceViewer', request.title ?? basename(request.image));
    this.disposables.push(panel.onDidDispose(() => this.dispose()));
  }

  private load(): SliceViewLoad {
    const w = this.panel.webview;
    const src = (u: vscode.Uri): string => w.asWebviewUri(u).toString();
    return {
      title: this.request.title ?? basename(this.request.image),
      image: { name: basename(this.request.image), src: src(this.request.image), uri: this.request.image.toString() },
      overlays: (this.request.overlays ?? []).map((o) => ({ label: o.label, kind: o.kind, name: basename(o.uri), src: src(o.uri), uri: o.uri.toString() })),
      labelNames: this.request.labelNames ?? {},
    };
  }

  dispose(): void {
    this.channel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function basename(u: vscode.Uri): string {
  return u.path.slice(u.path.lastIndexOf('/') + 1);
}

/** The folders of the volumes shown: the only places besides the bundle the webview may read. */
function volumeRoots(r: SliceViewRequest): vscode.Uri[] {
  const uris = [r.image, ...(r.overlays ?? []).map((o) => o.uri)];
  const dirs = new Map<string, vscode.Uri>();
  for (const u of uris) {
    const d = vscode.Uri.joinPath(u, '..');
    dirs.set(d.toString(), d);
  }
  return [...dirs.values()];
}
