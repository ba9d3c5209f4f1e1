// Creates a network's variables under stable names with seeded Xavier-normal init, and owns them.
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from './seededRandom';
import type { SeededRandom } from './seededRandom';

export class ParamStore {
  readonly variables = new Map<string, tf.Variable>();
  private readonly rng: SeededRandom;

  constructor(seed: number) {
    this.rng = seededRandom(seed);
  }

  /** Xavier-normal (Glorot) weights: N(0, 2 / (fanIn + fanOut)), fans as PyTorch computes them. */
  xavier(name: string, shape: number[], fanIn: number, fanOut: number): tf.Variable {
    const std = Math.sqrt(2 / (fanIn + fanOut));
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = std * this.rng.normal();
    return this.add(name, tf.tensor(data, shape, 'float32'));
  }

  fill(name: string, shape: number[], value: number): tf.Variable {
    return this.add(name, tf.fill(shape, value, 'float32'));
  }

  private add(name: string, init: tf.Tensor): tf.Variable {
    if (this.variables.has(name)) throw new Error(`duplicate variable name ${name}`);
    // tfjs names stay auto-generated (they must be unique process-wide); ours are the map keys.
    const v = tf.variable(init, true);
    init.dispose();
    this.variables.set(name, v);
    return v;
  }
}
