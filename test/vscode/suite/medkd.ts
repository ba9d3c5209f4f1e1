// What the tests need to know about the extension under test, read from its own package.json so the suite follows
// the product as commands and views appear.
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'medkd.medkd';
export const VIEW_CONTAINER = 'medkd';
export const CORE_VIEWS = ['medkd.datasets', 'medkd.teachers', 'medkd.students', 'medkd.runs'] as const;

interface Contributes {
  commands?: { command: string; title: string }[];
  viewsContainers?: { activitybar?: { id: string; title: string }[] };
  views?: Record<string, { id: string; name: string; type?: string }[]>;
  customEditors?: { viewType: string; selector: { filenamePattern: string }[] }[];
}

export function medkdExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

export function contributes(): Contributes {
  const json = medkdExtension().packageJSON as { contributes?: Contributes };
  return json.contributes ?? {};
}

export function contributedCommands(): string[] {
  return (contributes().commands ?? []).map((c) => c.command);
}

export function isContributed(command: string): boolean {
  return contributedCommands().includes(command);
}

/** True when the throwaway fixture under test/e2e/fixtures stands in for the product's extension. */
export function isPipelineFixture(): boolean {
  return String((medkdExtension().packageJSON as { displayName?: string }).displayName).includes('fixture');
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite must run with the fixture workspace open');
  return folder.uri;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The part of the extension's activate() result (its Services) the tests use; checked, not assumed. */
export interface MedkdApi {
  registry: { runs(): readonly RunInfo[] };
  runsView: vscode.TreeView<unknown>;
  panels: { engine: { tweak(runId: string, changes: Record<string, number>, source: 'panel'): Promise<TweakResult> } };
}

export interface RunInfo {
  id: string;
  dir: string;
  status: string;
  live: boolean;
}

export interface TweakResult {
  applied: Record<string, { old: number; value: number }>;
  atStep: number;
}

export function medkdApi(exports: unknown): MedkdApi | undefined {
  const e = exports as Partial<MedkdApi> | undefined;
  const ok = typeof e?.registry?.runs === 'function' && e.runsView !== undefined && typeof e.panels?.engine?.tweak === 'function';
  return ok ? (e as MedkdApi) : undefined;
}

/** All open tabs whose webview or custom editor has this view type (VS Code may prefix webview view types). */
export function tabsOfViewType(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => (t.input instanceof vscode.TabInputWebview || t.input instanceof vscode.TabInputCustom) && t.input.viewType.endsWith(viewType));
}

/** Lines of a JSON-lines file, parsed; a torn last line (being written) is left out. */
export function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // the writer's current line
    }
  }
  return out;
}
