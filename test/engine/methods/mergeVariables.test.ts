import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mergeVariables } from '../../../src/engine/methods/mergeVariables';

test('variables of jointly trained networks are merged under "<network>/" prefixes, same objects', () => {
  const v = (x: number) => tf.variable(tf.scalar(x));
  const a = { name: 'T1', variables: new Map([['enc0.w', v(1)], ['head.w', v(2)]]) };
  const b = { name: 'S', variables: new Map([['enc0.w', v(3)]]) };
  const merged = mergeVariables([a, b]);
  assert.deepEqual([...merged.keys()], ['T1/enc0.w', 'T1/head.w', 'S/enc0.w']);
  assert.equal(merged.get('S/enc0.w'), b.variables.get('enc0.w'));
  assert.throws(() => mergeVariables([a, { ...a }]), /two variables are named T1\/enc0.w/);
  tf.dispose([...a.variables.values(), ...b.variables.values()]);
});
