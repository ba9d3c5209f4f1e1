// Hovers in a *.medkd.json: on a label name, its latest validation Dice and a thumbnail of the student's prediction
// over a validation slice (when the engine wrote one), with a link to the slice viewer; on a NIfTI path, a link to
// open it in the slice viewer.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { RUN_FILES } from '../../engine/protocol';
import type { RunRegistry } from '../runs/runRegistry';
import { findLabelNames, NIFTI_PATH, readConfigInfo, stringAt } from './configDocument';
import { labelDice } from './labelDice';
import { pickPreviewImage } from './pickPreviewImage';
import { runsForConfig } from './runsForConfig';

/** Thumbnails are inlined as data URIs (they work in remote and web windows too) up to this size. */
const MAX_INLINE_BYTES = 256 * 1024;

function commandLink(title: string, command: string, args: unknown[]): string {
  return `[${title}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

export class ConfigHoverProvider implements vscode.HoverProvider {
  constructor(private readonly registry: RunRegistry) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const text = doc.getText();
    const offset = doc.offsetAt(position);
    const label = findLabelNames(text).find((l) => offset >= l.offset && offset <= l.offset + l.length);
    if (label) return this.labelHover(doc, text, label.id, label.name, new vscode.Range(doc.positionAt(label.offset), doc.positionAt(label.offset + label.length)));
    const str = stringAt(text, offset);
    if (str && NIFTI_PATH.test(str.value)) {
      const abs = isAbsolute(str.value) ? str.value : resolve(dirname(doc.uri.fsPath), str.value);
      const md = new vscode.MarkdownString(`${commandLink('$(eye) Open in slice viewer', 'medkd.openSliceViewer', [abs])}  \n\`${abs}\``, true);
      md.isTrusted = { enabledCommands: ['medkd.openSliceViewer'] };
      return new vscode.Hover(md, new vscode.Range(doc.positionAt(str.offset), doc.positionAt(str.offset + str.length)));
    }
    return undefined;
  }

  private labelHover(doc: vscode.TextDocument, text: string, id: string, name: string, range: vscode.Range): vscode.Hover | undefined {
    const run = runsForConfig(doc.uri.fsPath, readConfigInfo(text).name, this.registry.runs())[0];
    if (!run) return undefined;
    const d = labelDice(run)[id];
    const lines = [`**${name}** (label ${id}) in run \`${run.id}\``, '', d ? `Latest validation Dice: **${d.dice.toFixed(3)}**${d.network ? ` (${d.network})` : ''} at step ${run.step}` : 'No validation Dice yet.'];
    const reportPicture = (run.report as { picture?: string } | undefined)?.picture;
    const picture = previewPicture(join(run.dir, RUN_FILES.predictions), id) ?? (reportPicture !== undefined ? inlinePicture(isAbsolute(reportPicture) ? reportPicture : join(run.dir, reportPicture)) : undefined);
    if (picture) lines.push('', `<img src="${picture}" alt="prediction of ${name}" width="256"/>`);
    lines.push('', commandLink('$(eye) Open predictions in the slice viewer', 'medkd.openPredictions', [run.id, { beside: true }]));
    const md = new vscode.MarkdownString(lines.join('\n'), true);
    md.supportHtml = true;
    md.isTrusted = { enabledCommands: ['medkd.openPredictions'] };
    return new vscode.Hover(md, range);
  }
}

function previewPicture(dir: string, labelId: string): string | undefined {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return undefined;
  }
  const name = pickPreviewImage(files, labelId);
  return name === undefined ? undefined : inlinePicture(join(dir, name));
}

function inlinePicture(path: string): string | undefined {
  try {
    if (statSync(path).size <= MAX_INLINE_BYTES) return `data:image/png;base64,${readFileSync(path).toString('base64')}`;
  } catch {
    return undefined;
  }
  return vscode.Uri.file(path).toString();
}
