// One variable map for networks trained jointly by one optimiser: names are prefixed "<network>/" so they stay unique
// (the training loop maps gradients back by these keys, and the optimiser's slots are saved under them).
import type * as tf from '@tensorflow/tfjs-core';
import type { Network } from '../models/network';

export function mergeVariables(networks: readonly Pick<Network, 'name' | 'variables'>[]): Map<string, tf.Variable> {
  const out = new Map<string, tf.Variable>();
  for (const net of networks) {
    for (const [name, v] of net.variables) {
      const key = `${net.name}/${name}`;
      if (out.has(key)) throw new Error(`mergeVariables: two variables are named ${key}; give the networks distinct names`);
      out.set(key, v);
    }
  }
  return out;
}
