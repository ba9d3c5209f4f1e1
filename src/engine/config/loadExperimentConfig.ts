// Reads a `*.medkd.json` file once, where it enters: JSON (comments allowed) → schema → semantic checks →
// paths resolved against the config's folder. Every problem names the file and the field.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import type { ConfigDiagnostic } from '../protocol';
import { experimentConfigSchema } from './experimentConfig';
import type { ExperimentConfig } from './experimentConfig';
import { modelSpecFor } from '../methods/buildNetworks';
import { applyMethodDefaults } from './applyMethodDefaults';

export interface LoadedConfig {
  config: ExperimentConfig | undefined;
  diagnostics: ConfigDiagnostic[];
  path: string;
}

export class ConfigError extends Error {
  constructor(readonly path: string, readonly diagnostics: ConfigDiagnostic[]) {
    super(`${path}: ${diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.field || '(root)'}: ${d.message}`).join('; ')}`);
  }
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/** Parses and validates config text; `baseDir` resolves relative paths. Never throws. */
export function parseExperimentConfig(text: string, path: string): LoadedConfig {
  const errors: ParseError[] = [];
  const raw: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const e = errors[0]!;
    const line = text.slice(0, e.offset).split('\n').length;
    return { path, config: undefined, diagnostics: [{ field: '', severity: 'error', message: `not valid JSON at line ${line}: ${printParseErrorCode(e.error)}` }] };
  }
  const parsed = experimentConfigSchema.safeParse(applyMethodDefaults(raw));
  if (!parsed.success) {
    const diagnostics = parsed.error.issues.map<ConfigDiagnostic>((i) => ({ field: fieldPath(i.path), message: i.message, severity: 'error' }));
    return { path, config: undefined, diagnostics };
  }
  const config = resolvePaths(parsed.data, dirname(path));
  return { path, config, diagnostics: semanticDiagnostics(config) };
}

export function loadExperimentConfig(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { path, config: undefined, diagnostics: [{ field: '', severity: 'error', message: 'cannot read the file' }] };
  }
  return parseExperimentConfig(text, path);
}

/** Loads a config or throws a ConfigError listing every error. */
export function requireExperimentConfig(path: string): ExperimentConfig {
  const loaded = loadExperimentConfig(path);
  if (loaded.config === undefined || loaded.diagnostics.some((d) => d.severity === 'error')) throw new ConfigError(path, loaded.diagnostics);
  return loaded.config;
}

function resolvePaths(config: ExperimentConfig, baseDir: string): ExperimentConfig {
  const abs = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : resolve(baseDir, p));
  const data = { ...config.data, dataset: abs(config.data.dataset), images: abs(config.data.images), labels: abs(config.data.labels), unlabeled: abs(config.data.unlabeled), organs: abs(config.data.organs), organImage: abs(config.data.organImage) };
  const networks = Object.fromEntries(Object.entries(config.networks).map(([k, n]) => [k, { ...n, checkpoint: abs(n.checkpoint), init: abs(n.init), data: abs(n.data) }]));
  const coarseCheckpoint = abs(config.methodOptions.coarseCheckpoint);
  const methodOptions = coarseCheckpoint === undefined ? config.methodOptions : { ...config.methodOptions, coarseCheckpoint };
  return { ...config, data, networks, methodOptions };
}

const SOURCES = ['synthetic', 'dataset', 'images', 'organs'] as const;

function semanticDiagnostics(config: ExperimentConfig): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  const err = (field: string, message: string) => out.push({ field, message, severity: 'error' });
  const d = config.data;
  const sources = SOURCES.filter((s) => d[s] !== undefined);
  if (sources.length === 0) err('data', 'name a data source: synthetic, dataset, images (+labels) or organs');
  if (sources.length > 1) err('data', `one data source only, found ${sources.join(' and ')}`);
  if (d.images !== undefined && d.labels === undefined && config.method !== 'omniKD') err('data.labels', 'images need a labels folder');
  for (const key of ['dataset', 'images', 'labels', 'unlabeled', 'organs', 'organImage'] as const) {
    const p = d[key];
    if (p !== undefined && !existsSync(p)) err(`data.${key}`, `not found: ${p}`);
  }
  if (d.organs !== undefined && d.organImage === undefined) err('data.organImage', 'single-organ masks need the image they belong to');
  for (const [name, n] of Object.entries(config.networks)) {
    try {
      modelSpecFor(n, { channels: 1, numClasses: 2 });
    } catch (e) {
      err(`networks.${name}.model`, (e instanceof Error ? e.message : String(e)).replace(/^model spec: /, ''));
    }
    if (n.checkpoint !== undefined && !existsSync(n.checkpoint)) err(`networks.${name}.checkpoint`, `not found: ${n.checkpoint}`);
    if (n.init !== undefined && !existsSync(n.init)) err(`networks.${name}.init`, `not found: ${n.init}`);
    if (n.init !== undefined && n.checkpoint !== undefined) err(`networks.${name}.init`, 'give checkpoint (frozen) or init (trained further), not both');
    if (n.data !== undefined && !existsSync(n.data)) err(`networks.${name}.data`, `not found: ${n.data}`);
    const levels = n.model.features?.length;
    if (levels !== undefined) {
      const factor = 2 ** (levels - 1);
      config.train.patchSize.forEach((s, i) => {
        if (s % factor !== 0) err(`train.patchSize[${i}]`, `${s} is not divisible by ${factor} (network '${name}' has ${levels} levels)`);
      });
    }
  }
  const roles = Object.values(config.networks).map((n) => n.role);
  const needs: Record<string, { teachers: number; students: number }> = {
    supervised: { teachers: 0, students: 0 },
    kd: { teachers: 1, students: 1 },
    crossTeachingKD: { teachers: 2, students: 1 },
    msKD: { teachers: 1, students: 1 },
    omniKD: { teachers: 1, students: 1 },
  };
  const need = needs[config.method]!;
  const teachers = roles.filter((r) => r === 'teacher').length;
  const students = roles.filter((r) => r === 'student').length;
  if (Object.keys(config.networks).length === 0) err('networks', 'define at least one network');
  if (teachers < need.teachers) err('networks', `method ${config.method} needs at least ${need.teachers} teacher(s), found ${teachers}`);
  if (students < need.students) err('networks', `method ${config.method} needs a student network`);
  if (config.method === 'crossTeachingKD' && teachers !== 2) err('networks', `crossTeachingKD takes exactly 2 teachers, found ${teachers}`);
  const teacherUpsampling = Object.values(config.networks).filter((n) => n.role === 'teacher').map((n) => n.model.upsampling ?? 'transposed');
  if (config.method === 'crossTeachingKD' && teachers === 2 && teacherUpsampling[0] === teacherUpsampling[1]) {
    out.push({ field: 'networks', severity: 'warning', message: `both teachers upsample with '${teacherUpsampling[0]}': cross teaching expects them to differ (Choi: 'transposed' and 'resizeConv')` });
  }
  const m = config.methodOptions;
  if (m.coarseCheckpoint !== undefined && !existsSync(m.coarseCheckpoint)) err('methodOptions.coarseCheckpoint', `not found: ${m.coarseCheckpoint}`);
  if ((m.stage === 'coarse' || m.stage === 'fine') && config.preprocess.grid === undefined) {
    out.push({ field: 'preprocess.grid', severity: 'warning', message: `the ${m.stage} stage of a cascade usually resamples to a fixed grid (Choi: 96 × 64 × 96); without one it trains on the native grid` });
  }
  if (config.train.checkpointEvery > config.train.steps) out.push({ field: 'train.checkpointEvery', severity: 'warning', message: 'larger than train.steps: only the final checkpoint is saved' });
  return out;
}
