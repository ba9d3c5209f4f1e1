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

export function modelSpecFor(net: NetworkConfig, shape: NetworkShape): ModelSpec {
  const { preset, seed: _seed, ...fields } = net.model;
  const overrides: Partial<ModelSpec> = { ...fields, inChannels: shape.channels, outChannels: shape.numClasses, ...(shape.activation ? { outputActivation: shape.activation } : {}) };
  switch (preset ?? net.role) {
    case 'teacher':
      return teacherPreset(overrides);
    case 'student':
      return studentPreset(overrides);
    case 'seResUNet':
      return seResUNetPreset(1, overrides);
    case 'seResUNetStudent':
      return seResUNetPreset(1, { separable: true, ...overrides });
    case 'brainTumorStudent':
      return brainTumorStudentPreset(overrides);
    default:
      throw new Error(`networks: unknown preset '${String(preset)}'`);
  }
}

/** `outputsFor` gives a network other outputs than the data's classes (a recipe's choice, see recipes.ts). */
export async function buildNetworks(config: ExperimentConfig, dataShape: NetworkShape, outputsFor?: (name: string, net: NetworkConfig) => NetworkOutputShape | undefined): Promise<Map<string, BuiltNetwork>> {
  const out = new Map<string, BuiltNetwork>();
  for (const [name, net] of Object.entries(config.networks)) {
    const o = outputsFor?.(name, net);
    const shape: NetworkShape = o ? { channels: dataShape.channels, numClasses: o.outChannels, activation: o.output.activation } : dataShape;
    const output = o ? { output: o.output } : {};
    if (net.checkpoint !== undefined) {
      const { network } = await loadCheckpoint(net.checkpoint);
      const spec = network.spec;
      if (spec.inChannels !== shape.channels || spec.outChannels !== shape.numClasses || (shape.activation !== undefined && spec.outputActivation !== shape.activation)) {
        network.dispose();
        throw new Error(`networks.${name}.checkpoint: ${net.checkpoint} takes ${spec.inChannels} channel(s) → ${spec.outChannels} ${spec.outputActivation} outputs; this experiment needs ${shape.channels} → ${shape.numClasses}${shape.activation ? ` ${shape.activation}` : ''}`);
      }
      out.set(name, { name, role: net.role, network, frozen: true, checkpoint: net.checkpoint, ...output });
    } else {
      const network = createUNet(modelSpecFor(net, shape), { name, seed: net.model.seed ?? config.train.seed + out.size });
      out.set(name, { name, role: net.role, network, frozen: false, ...output });
    }
  }
  return out;
}
