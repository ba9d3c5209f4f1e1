// Networks of an experiment, by name: built from their config (preset + overrides, channels from the data), or loaded
// from a checkpoint and frozen.
import type { ExperimentConfig, NetworkConfig } from '../config/experimentConfig';
import type { Network } from '../models/network';
import type { ModelSpec } from '../models/modelSpec';
import { createUNet } from '../models/createUNet';
import { brainTumorStudentPreset, seResUNetPreset, studentPreset, teacherPreset } from '../models/modelPresets';
import { loadCheckpoint } from '../models/checkpoint';
import type { NetworkOutputShape, OutputLabels } from './networkOutputs';

export interface BuiltNetwork {
  name: string;
  role: 'teacher' | 'student';
  network: Network;
  /** Loaded from a checkpoint: never trained in this run. */
  frozen: boolean;
  checkpoint?: string;
  /** What its outputs mean, when not the dataset's softmax classes (binary single-organ teachers, sigmoid regions). */
  output?: OutputLabels;
}

export interface NetworkShape {
  channels: number;
  numClasses: number;
  activation?: 'softmax' | 'sigmoid';
}

type Preset = (overrides: Partial<ModelSpec>) => ModelSpec;

function presetNamed(name: string): Preset {
  switch (name) {
    case 'teacher':
      return teacherPreset;
    case 'student':
      return studentPreset;
    case 'seResUNet':
      return (o) => seResUNetPreset(1, o);
    case 'seResUNetStudent':
      return (o) => seResUNetPreset(1, { separable: true, ...o });
    case 'brainTumorStudent':
      return brainTumorStudentPreset;
    default:
      throw new Error(`networks: unknown preset '${name}'`);
  }
}

/** The preset (by name, else by role) with the config's fields over it and channels from the data. */
export function modelSpecFor(net: NetworkConfig, shape: NetworkShape): ModelSpec {
  const { preset, seed: _seed, ...fields } = net.model;
  const make = presetNamed(preset ?? net.role);
  const overrides: Partial<ModelSpec> = { ...fields, inChannels: shape.channels, outChannels: shape.numClasses, ...(shape.activation ? { outputActivation: shape.activation } : {}) };
  // A preset's per-level block counts follow its own depth: fit them to a different `features` length
  // (repeating the deepest level's count) rather than refuse a config that never mentioned blocks.
  const base = make({}).blocksPerLevel;
  if (fields.features !== undefined && fields.blocksPerLevel === undefined && Array.isArray(base) && base.length !== fields.features.length) {
    overrides.blocksPerLevel = fields.features.map((_, i) => base[Math.min(i, base.length - 1)] ?? 1);
  }
  return make(overrides);
}

/** `outputsFor` gives a network other outputs than the data's classes (a recipe's choice, see recipes.ts). */
export async function buildNetworks(config: ExperimentConfig, dataShape: NetworkShape, outputsFor?: (name: string, net: NetworkConfig) => NetworkOutputShape | undefined): Promise<Map<string, BuiltNetwork>> {
  const out = new Map<string, BuiltNetwork>();
  for (const [name, net] of Object.entries(config.networks)) {
    const o = outputsFor?.(name, net);
    const shape: NetworkShape = o ? { channels: dataShape.channels, numClasses: o.outChannels, activation: o.output.activation } : dataShape;
    const output = o ? { output: o.output } : {};
    const from = net.checkpoint ?? net.init;
    if (from !== undefined) {
      const field = net.checkpoint !== undefined ? 'checkpoint' : 'init';
      const { network } = await loadCheckpoint(from);
      const spec = network.spec;
      if (spec.inChannels !== shape.channels || spec.outChannels !== shape.numClasses || (shape.activation !== undefined && spec.outputActivation !== shape.activation)) {
        network.dispose();
        throw new Error(`networks.${name}.${field}: ${from} takes ${spec.inChannels} channel(s) → ${spec.outChannels} ${spec.outputActivation} outputs; this experiment needs ${shape.channels} → ${shape.numClasses}${shape.activation ? ` ${shape.activation}` : ''}`);
      }
      // A checkpoint is frozen; init only gives the starting weights.
      if (net.checkpoint !== undefined) out.set(name, { name, role: net.role, network, frozen: true, checkpoint: net.checkpoint, ...output });
      else out.set(name, { name, role: net.role, network, frozen: false, ...output });
    } else {
      const network = createUNet(modelSpecFor(net, shape), { name, seed: net.model.seed ?? config.train.seed + out.size });
      out.set(name, { name, role: net.role, network, frozen: false, ...output });
    }
  }
  return out;
}
