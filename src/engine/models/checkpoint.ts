// Network checkpoints: a JSON manifest (spec, names, shapes, offsets) plus float32 binaries; the manifest rename commits.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer, OptimizerState } from '../training/optimizers/optimizer';
import { createUNet } from './createUNet';
import type { ModelSpec } from './modelSpec';
import type { Network } from './network';

export const CHECKPOINT_MANIFEST = 'manifest.json';
const FORMAT = 'medkd-checkpoint';
const VERSION = 1;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface TensorEntry {
  name: string;
  shape: number[];
  /** Byte offset in the binary file; every tensor is float32 little-endian. */
  offset: number;
}

interface BinaryFile {
  file: string;
  bytes: number;
  sha256: string;
  tensors: TensorEntry[];
}

interface Manifest {
  format: typeof FORMAT;
  version: number;
  name: string;
  spec: ModelSpec;
  /** Caller data: step, epoch, metrics, the recipe's own state. */
  meta: { [key: string]: Json };
  weights: BinaryFile;
  optimizer?: BinaryFile & { kind: OptimizerState['kind']; step: number; learningRate: number };
}

export interface SaveCheckpointExtra {
  /** Saved whole (every slot it holds), so a resumed run continues exactly. */
  optimizer?: Optimizer;
  meta?: { [key: string]: Json };
}

export interface LoadedCheckpoint {
  network: Network;
  meta: { [key: string]: Json };
  /** Whether optimiser state was found and loaded into the optimiser passed in. */
  optimizerRestored: boolean;
}

async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, path);
}

function packTensors(tensors: [string, tf.Tensor][], file: string): { bin: Buffer; meta: BinaryFile } {
  const entries: TensorEntry[] = [];
  const parts: Buffer[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    const data = t.dtype === 'float32' ? (t.dataSync() as Float32Array) : Float32Array.from(t.dataSync());
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    entries.push({ name, shape: [...t.shape], offset });
    parts.push(Buffer.from(bytes)); // copy: dataSync may alias backend memory
    offset += bytes.byteLength;
  }
  const bin = Buffer.concat(parts);
  return { bin, meta: { file, bytes: bin.byteLength, sha256: createHash('sha256').update(bin).digest('hex'), tensors: entries } };
}

/**
 * Writes `dir/manifest.json` and fresh binaries beside it. Binaries get unique names and the manifest is replaced
 * last by a rename, so a crash leaves either the old or the new checkpoint whole; stale binaries are then removed.
 */
export async function saveCheckpoint(dir: string, network: Network, extra: SaveCheckpointExtra = {}): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const token = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const weights = packTensors([...network.variables.entries()], `weights-${token}.bin`);
  await writeAtomic(join(dir, weights.meta.file), weights.bin);
  const manifest: Manifest = { format: FORMAT, version: VERSION, name: network.name, spec: network.spec, meta: extra.meta ?? {}, weights: weights.meta };
  if (extra.optimizer) {
    const state = extra.optimizer.getState();
    const packed = packTensors([...state.slots.entries()], `optimizer-${token}.bin`);
    await writeAtomic(join(dir, packed.meta.file), packed.bin);
    manifest.optimizer = { ...packed.meta, kind: state.kind, step: state.step, learningRate: state.learningRate };
  }
  await writeAtomic(join(dir, CHECKPOINT_MANIFEST), JSON.stringify(manifest, null, 1));
  const keep = new Set([CHECKPOINT_MANIFEST, weights.meta.file, manifest.optimizer?.file]);
  for (const f of await fs.readdir(dir)) {
    if (!keep.has(f) && /^(weights|optimizer)-.*\.bin$/.test(f)) await fs.rm(join(dir, f), { force: true });
  }
}

async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, CHECKPOINT_MANIFEST);
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(await fs.readFile(path, 'utf8')) as Partial<Manifest>;
  } catch (e) {
    throw new Error(`checkpoint ${path}: cannot read (${(e as Error).message})`);
  }
  if (m.format !== FORMAT || m.version !== VERSION) throw new Error(`checkpoint ${path}: not a ${FORMAT} v${VERSION} manifest`);
  if (!m.spec || !m.weights || typeof m.name !== 'string') throw new Error(`checkpoint ${path}: missing name, spec or weights`);
  return m as Manifest;
}

/** Reads and verifies a binary, returning each entry's values. */
async function readTensors(dir: string, meta: BinaryFile): Promise<Map<string, { shape: number[]; values: Float32Array }>> {
  const path = join(dir, meta.file);
  const buf = await fs.readFile(path);
  if (buf.byteLength !== meta.bytes) throw new Error(`checkpoint ${path}: ${buf.byteLength} bytes, manifest says ${meta.bytes}`);
  if (createHash('sha256').update(buf).digest('hex') !== meta.sha256) throw new Error(`checkpoint ${path}: checksum mismatch`);
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const e of meta.tensors) {
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (e.offset + 4 * size > buf.byteLength) throw new Error(`checkpoint ${path}: tensor ${e.name} runs past the end of the file`);
    // Copy into an aligned buffer: Buffer offsets need not be multiples of 4.
    out.set(e.name, { shape: e.shape, values: new Float32Array(buf.buffer.slice(buf.byteOffset + e.offset, buf.byteOffset + e.offset + 4 * size)) });
  }
  return out;
}

/** Loads weights into an existing network; every name and shape must match, or the error names the file and variable. */
export async function loadWeightsInto(dir: string, network: Network): Promise<void> {
  const manifest = await readManifest(dir);
  const path = join(dir, manifest.weights.file);
  const stored = await readTensors(dir, manifest.weights);
  for (const [name, v] of network.variables) {
    const s = stored.get(name);
    if (!s) throw new Error(`checkpoint ${path}: variable ${name} is missing`);
    if (s.shape.join() !== v.shape.join()) throw new Error(`checkpoint ${path}: variable ${name} has shape [${s.shape}], network ${network.name} expects [${v.shape}]`);
  }
  for (const name of stored.keys()) {
    if (!network.variables.has(name)) throw new Error(`checkpoint ${path}: variable ${name} is not in network ${network.name}`);
  }
  tf.tidy(() => {
    for (const [name, v] of network.variables) {
      const s = stored.get(name);
      if (s) v.assign(tf.tensor(s.values, s.shape, 'float32'));
    }
  });
}

/** Rebuilds the network from the stored spec, loads its weights and, when given an optimiser, its state. */
export async function loadCheckpoint(dir: string, options: { optimizer?: Optimizer } = {}): Promise<LoadedCheckpoint> {
  const manifest = await readManifest(dir);
  const network = createUNet(manifest.spec, { name: manifest.name });
  try {
    await loadWeightsInto(dir, network);
    let optimizerRestored = false;
    if (options.optimizer && manifest.optimizer) {
      const o = manifest.optimizer;
      if (o.kind !== options.optimizer.kind) throw new Error(`checkpoint ${join(dir, o.file)}: holds ${o.kind} state, optimiser is ${options.optimizer.kind}`);
      const stored = await readTensors(dir, o);
      const slots = new Map<string, tf.Tensor>();
      for (const [name, s] of stored) slots.set(name, tf.tensor(s.values, s.shape, 'float32'));
      options.optimizer.setState({ kind: o.kind, step: o.step, learningRate: o.learningRate, slots });
      tf.dispose([...slots.values()]);
      optimizerRestored = true;
    }
    return { network, meta: manifest.meta, optimizerRestored };
  } catch (e) {
    network.dispose();
    throw e;
  }
}

export const VARIABLES_MANIFEST = 'variables.json';
const VARIABLES_FORMAT = 'medkd-variables';

interface VariablesManifest {
  format: typeof VARIABLES_FORMAT;
  version: number;
  name: string;
  meta: { [key: string]: Json };
  weights: BinaryFile;
}

/**
 * Trainable state that is not a Network (MS-KD's feature adapters): named variables in the checkpoint's binary
 * format, committed by renaming `variables.json` last, as for networks.
 */
export async function saveVariables(dir: string, name: string, variables: Map<string, tf.Variable>, meta: { [key: string]: Json } = {}): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const token = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const packed = packTensors([...variables.entries()], `weights-${token}.bin`);
  await writeAtomic(join(dir, packed.meta.file), packed.bin);
  const manifest: VariablesManifest = { format: VARIABLES_FORMAT, version: VERSION, name, meta, weights: packed.meta };
  await writeAtomic(join(dir, VARIABLES_MANIFEST), JSON.stringify(manifest, null, 1));
  for (const f of await fs.readdir(dir)) {
    if (f !== packed.meta.file && /^weights-.*\.bin$/.test(f)) await fs.rm(join(dir, f), { force: true });
  }
}

/** Loads values saved by saveVariables; every name and shape must match, or the error names the file and variable. */
export async function loadVariablesInto(dir: string, variables: Map<string, tf.Variable>): Promise<void> {
  const path = join(dir, VARIABLES_MANIFEST);
  let m: Partial<VariablesManifest>;
  try {
    m = JSON.parse(await fs.readFile(path, 'utf8')) as Partial<VariablesManifest>;
  } catch (e) {
    throw new Error(`checkpoint ${path}: cannot read (${(e as Error).message})`);
  }
  if (m.format !== VARIABLES_FORMAT || m.version !== VERSION || !m.weights) throw new Error(`checkpoint ${path}: not a ${VARIABLES_FORMAT} v${VERSION} manifest`);
  const stored = await readTensors(dir, m.weights);
  for (const [name, v] of variables) {
    const s = stored.get(name);
    if (!s) throw new Error(`checkpoint ${path}: variable ${name} is missing`);
    if (s.shape.join() !== v.shape.join()) throw new Error(`checkpoint ${path}: variable ${name} has shape [${s.shape}], expected [${v.shape}]`);
  }
  tf.tidy(() => {
    for (const [name, v] of variables) {
      const s = stored.get(name)!;
      v.assign(tf.tensor(s.values, s.shape, 'float32'));
    }
  });
}
