import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { parseExperimentConfig } from '../../../src/engine/config/loadExperimentConfig';
import { buildNetworks } from '../../../src/engine/methods/buildNetworks';
import { saveCheckpoint } from '../../../src/engine/models/checkpoint';
import { createUNet } from '../../../src/engine/models/createUNet';
import { tinyKdConfig } from './tinyExperiment';

test('networks.<name>.checkpoint loads frozen; init loads the same weights trainable; both at once is a config error naming the field', async () => {
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'medkd-init-'));
  try {
    const saved = createUNet({ features: [2, 4], blocksPerLevel: 1, separable: true, squeezeExcitation: false, outChannels: 3 }, { name: 'student', seed: 7 });
    await saveCheckpoint(join(dir, 'student'), saved);
    const base = tinyKdConfig();
    const withStudent = (student: object) => parseExperimentConfig(JSON.stringify({ ...base, networks: { ...base.networks, student: { role: 'student', ...student } } }), join(dir, 'x.medkd.json'));
    const shape = { channels: 1, numClasses: 3 };
    const weights = (n: { variables: Map<string, tf.Variable> }) => [...n.variables.values()].flatMap((v) => Array.from(v.dataSync()));

    const frozen = (await buildNetworks(withStudent({ checkpoint: 'student' }).config!, shape)).get('student')!;
    const init = (await buildNetworks(withStudent({ init: 'student' }).config!, shape)).get('student')!;
    assert.equal(frozen.frozen, true);
    assert.equal(init.frozen, false);
    assert.deepEqual(weights(init.network), weights(saved));
    assert.deepEqual(weights(frozen.network), weights(saved));

    const both = withStudent({ checkpoint: 'student', init: 'student' });
    assert.ok(both.diagnostics.some((d) => d.field === 'networks.student.init' && d.severity === 'error' && /not both/.test(d.message)));
    const missing = withStudent({ init: 'nowhere' });
    assert.ok(missing.diagnostics.some((d) => d.field === 'networks.student.init' && /not found/.test(d.message)));
    [saved, frozen.network, init.network].forEach((n) => n.dispose());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
