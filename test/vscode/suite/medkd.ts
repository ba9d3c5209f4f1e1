// What the tests need to know about the extension under test, read from its own package.json so the suite follows
// the product as commands and views appear.
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
