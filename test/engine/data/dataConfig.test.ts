// The data layer's config types against the experiment config schema (src/engine/config/experimentConfig.ts): the
// parsed sections must be usable as DataConfig / PreprocessConfig / AugmentConfig / SamplingConfig, and every field
// the schema documents must carry the same doc here, so editor hovers and the JSON schema say the same thing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from '../../../src/engine/config/experimentConfig';
import { experimentConfigSchemaJson } from '../../../src/engine/config/configJsonSchema';
import { parseExperimentConfig } from '../../../src/engine/config/loadExperimentConfig';
import type { AugmentConfig } from '../../../src/engine/data/augment';
import { BatchMaker } from '../../../src/engine/data/batchMaker';
import type { DataConfig, SamplingConfig } from '../../../src/engine/data/dataConfig';
import { loadDataset } from '../../../src/engine/data/loadDataset';
import type { PreprocessConfig } from '../../../src/engine/data/preprocess';

/** Compile-time contract: each parsed section is accepted by the data layer as it is. */
function dataLayerConfig(c: ExperimentConfig): { data: DataConfig; preprocess: PreprocessConfig; augment: AugmentConfig; sampling: SamplingConfig } {
  return { data: c.data, preprocess: c.preprocess, augment: c.augment, sampling: c.train };
}

const src = (file: string) => readFileSync(join(__dirname, '..', '..', '..', 'src', 'engine', 'data', file), 'utf8');

/** Field → one-line doc comment of `interface name` in `text`. */
function fieldDocs(text: string, name: string): Record<string, string> {
  const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1];
  assert.ok(body, `interface ${name} not found`);
  return Object.fromEntries([...body.matchAll(/\/\*\* (.*?) \*\/\n\s+(\w+)\??:/g)].map((m) => [m[2]!, m[1]!]));
}

type JsonObject = { properties?: Record<string, JsonObject>; description?: string };

test('every field the experiment schema documents has the same doc in the data layer types', () => {
  const schema = experimentConfigSchemaJson() as JsonObject;
  const section = (name: string) => schema.properties![name]!.properties!;
  const check = (props: Record<string, JsonObject>, docs: Record<string, string>, where: string, only?: string[]) => {
    for (const [field, p] of Object.entries(props)) {
      if (only && !only.includes(field)) continue;
      if (p.description === undefined) continue;
      assert.equal(docs[field], p.description, `${where}.${field}`);
    }
  };
  const data = src('dataConfig.ts');
  check(section('data'), fieldDocs(data, 'DataConfig'), 'data');
  check(section('data')['synthetic']!.properties!, fieldDocs(data, 'SyntheticDataConfig'), 'data.synthetic');
  check(section('data')['validation']!.properties!, fieldDocs(data, 'ValidationSplitConfig'), 'data.validation');
  check(section('preprocess'), fieldDocs(src('preprocess.ts'), 'PreprocessConfig'), 'preprocess');
  check(section('augment'), fieldDocs(src('augment.ts'), 'AugmentConfig'), 'augment');
  check(section('train'), fieldDocs(data, 'SamplingConfig'), 'train', ['patchSize', 'batchSize', 'foregroundFraction', 'seed']);
});

test('a parsed experiment config drives the data layer directly: synthetic data → batches', async () => {
  const text = JSON.stringify({ name: 'demo', method: 'supervised', data: { synthetic: { cases: 3, size: [24, 24, 24] }, validation: { count: 1 } }, networks: { student: { role: 'student' } }, train: { patchSize: [16, 16, 16] } });
  const { config, diagnostics } = parseExperimentConfig(text, '/tmp/demo.medkd.json');
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  const c = dataLayerConfig(config!);
  const ds = await loadDataset(c.data);
  assert.deepEqual([ds.split.train.length, ds.split.validation.length], [2, 1]);
  const b = await new BatchMaker(ds, { sampling: c.sampling, preprocess: c.preprocess, augment: c.augment }).make('labelled', 0);
  assert.deepEqual(b.shape, [2, 16, 16, 16, 1]);
});
