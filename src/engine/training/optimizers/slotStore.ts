// Per-variable optimiser slots (momentum, Adam moments) as tf.Variables, created lazily at zero.
import * as tf from '@tensorflow/tfjs-core';

/** A non-trainable variable holding `init`'s values; `init` is disposed (tf.variable keeps its own reference). */
function variableFrom(init: tf.Tensor): tf.Variable {
  const v = tf.variable(init, false);
  init.dispose();
  return v;
}

export class SlotStore {
  private readonly slots = new Map<string, tf.Variable>();

  /** The slot `slot` of variable `name`, zero-initialised like `like` on first use. */
  get(slot: string, name: string, like: tf.Tensor): tf.Variable {
    const key = `${slot}/${name}`;
    let v = this.slots.get(key);
    if (!v) {
      v = variableFrom(tf.zerosLike(like));
      this.slots.set(key, v);
    } else if (v.shape.join() !== like.shape.join()) {
      throw new Error(`optimizer slot ${key} has shape [${v.shape}], variable has [${like.shape}]`);
    }
    return v;
  }

  entries(): Map<string, tf.Tensor> {
    return new Map(this.slots);
  }

  /** Replaces every slot with a copy of `slots`. */
  load(slots: Map<string, tf.Tensor>): void {
    this.dispose();
    for (const [key, t] of slots) this.slots.set(key, variableFrom(tf.clone(t)));
  }

  dispose(): void {
    for (const v of this.slots.values()) v.dispose();
    this.slots.clear();
  }
}

/** Throws unless every gradient names a known variable of the same shape. */
export function checkGradients(grads: Map<string, tf.Tensor>, variables: Map<string, tf.Variable>): void {
  for (const [name, g] of grads) {
    const v = variables.get(name);
    if (!v) throw new Error(`gradient for unknown variable ${name}`);
    if (v.shape.join() !== g.shape.join()) throw new Error(`gradient for ${name} has shape [${g.shape}], variable has [${v.shape}]`);
  }
}
