// Finds the workspace's datasets: every *.medkd.json's data block and every dataset.json, read from disk.
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { readConfigInfo } from '../config/configDocument';
import { datasetFromConfig, mergeDatasets, parseDatasetJson } from './datasetIndex';
import type { DatasetEntry } from './datasetIndex';

const EXCLUDE = '{**/node_modules/**,**/.medkd/**,**/.git/**}';

export async function findConfigFiles(): Promise<vscode.Uri[]> {
  return vscode.workspace.findFiles('**/*.medkd.json', EXCLUDE, 500);
}

export async function scanWorkspaceDatasets(): Promise<DatasetEntry[]> {
  const [configs, manifests] = await Promise.all([findConfigFiles(), vscode.workspace.findFiles('**/dataset.json', EXCLUDE, 200)]);
  const entries: DatasetEntry[] = [];
  for (const uri of configs) {
    const text = readText(uri.fsPath);
    if (text === undefined) continue;
    const e = datasetFromConfig(readConfigInfo(text).data, uri.fsPath, listDir, readText);
    if (e) entries.push(e);
  }
  for (const uri of manifests) {
    const text = readText(uri.fsPath);
    if (text !== undefined) entries.push(parseDatasetJson(text, uri.fsPath, listDir));
  }
  return mergeDatasets(entries);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
