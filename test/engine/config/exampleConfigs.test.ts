// Every config shipped in media/examples validates against the schema and its semantic checks, and lists its cases.
// Paths into ../shared/data are only checked where that folder exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseExperimentConfig } from '../../../src/engine/config/loadExperimentConfig';
import { loadDataset } from '../../../src/engine/data/loadDataset';
import type { DataConfig } from '../../../src/engine/data/dataConfig';
import { tweakablesFor } from '../../../src/engine/methods/recipes';

const EXAMPLES = resolve(__dirname, '..', '..', '..', 'media', 'examples');
const SHARED = resolve(__dirname, '..', '..', '..', '..', 'shared', 'data');
const hasShared = existsSync(SHARED);

const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.medkd.json')).sort();

test('media/examples holds the cross-teaching examples', () => {
  for (const f of ['cross-teaching-phantoms.medkd.json', 'cross-teaching-hippocampus.medkd.json', 'cross-teaching-abdomen-coarse.medkd.json', 'cross-teaching-abdomen-fine.medkd.json']) assert.ok(files.includes(f), f);
});

for (const file of files) {
  test(`example ${file} validates${hasShared ? '' : ' (skipped: ../shared/data not found, its paths are not checked)'}`, async () => {
    const path = join(EXAMPLES, file);
    const { config, diagnostics } = parseExperimentConfig(readFileSync(path, 'utf8'), path);
    const missingShared = (message: string) => !hasShared && message.startsWith('not found: ') && message.includes(`${join('shared', 'data')}`);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error' && !missingShared(d.message)), [], file);
    assert.ok(config, file);
    assert.ok(tweakablesFor(config).some((t) => t.name === 'lr'), `${file}: tweakables`);
    if (config.method === 'crossTeachingKD') {
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'warning'), [], `${file}: warnings`);
      assert.deepEqual(tweakablesFor(config).map((t) => t.name), ['lr', 'kdWeight', 'ctWeight', 'temperature', 'rampUpLength']);
    }
    const usesShared = JSON.stringify(config.data).includes(join('shared', 'data')) || (config.data.dataset !== undefined && readFileSync(config.data.dataset, 'utf8').includes('shared/data'));
    if (usesShared && !hasShared) return;
    const dataset = await loadDataset(config.data as DataConfig);
    assert.deepEqual(dataset.problems.filter((p) => p.severity === 'error'), [], `${file}: data`);
    assert.ok(dataset.split.train.length > 0, `${file}: no training cases`);
  });
}
