import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExperimentConfig } from '../../../src/engine/config/loadExperimentConfig';
import { experimentConfigSchemaJson } from '../../../src/engine/config/configJsonSchema';
import { preprocessConfigFor } from '../../../src/engine/methods/experimentData';

const minimal = { name: 'demo', method: 'kd', data: { synthetic: { cases: 8 } }, networks: { teacher: { role: 'teacher' }, student: { role: 'student', model: { features: [8, 16, 32], separable: true } } } };

test('a minimal config gets every default filled in', () => {
  const { config, diagnostics } = parseExperimentConfig(JSON.stringify(minimal), '/tmp/x.medkd.json');
  assert.deepEqual(diagnostics, []);
  assert.equal(config?.train.steps, 1000);
  assert.deepEqual(config?.train.patchSize, [32, 32, 32]);
  assert.equal(config?.data.synthetic?.seed, 1);
  assert.equal(config?.inference.overlap, 0.5);
});

test('each error names its field', () => {
  const bad = { ...minimal, train: { steps: -3, patchSize: [30, 32, 32] }, networks: { ...minimal.networks, extra: { role: 'boss' } } };
  const { diagnostics } = parseExperimentConfig(JSON.stringify(bad), '/tmp/x.medkd.json');
  const fields = diagnostics.map((d) => d.field).sort();
  assert.deepEqual(fields, ['networks.extra.role', 'train.steps']);
});

test('semantic checks: patch sizes the network cannot halve, missing files, method needs', () => {
  const bad = { ...minimal, train: { patchSize: [30, 32, 32] }, data: { images: 'nowhere', labels: 'nowhere2' }, networks: { student: minimal.networks.student } };
  const { diagnostics } = parseExperimentConfig(JSON.stringify(bad), '/tmp/x.medkd.json');
  assert.deepEqual(
    diagnostics.map((d) => `${d.field}: ${d.message}`),
    ['data.images: not found: /tmp/nowhere', 'data.labels: not found: /tmp/nowhere2', 'train.patchSize[0]: 30 is not divisible by 4 (network \'student\' has 3 levels)', 'networks: method kd needs at least 1 teacher(s), found 0'],
  );
});

test('malformed JSON gives the line', () => {
  const { diagnostics } = parseExperimentConfig('{\n  "name": "x",\n  "method": }', '/tmp/x.medkd.json');
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0]!.message, /not valid JSON at line 3: ValueExpected/);
});

test('the shipped JSON schema is the generated one', () => {
  const shipped = JSON.parse(readFileSync(join(__dirname, '../../../media/medkd.schema.json'), 'utf8'));
  assert.deepEqual(shipped, JSON.parse(JSON.stringify(experimentConfigSchemaJson())), 'run: npx tsx scripts/generateSchema.ts');
  assert.equal(shipped.properties.train.properties.steps.description, 'Optimiser steps of the main (distillation) phase.');
});

test('a model the network builder would refuse is reported at validation, not at start', () => {
  const bad = { ...minimal, networks: { ...minimal.networks, teacher: { role: 'teacher', model: { features: [8, 16], blocksPerLevel: [1, 2, 3] } } } };
  const { diagnostics } = parseExperimentConfig(JSON.stringify(bad), '/tmp/x.medkd.json');
  assert.deepEqual(diagnostics.map((d) => `${d.field}: ${d.message}`), ['networks.teacher.model: blocksPerLevel has 3 entries, features has 2']);
  // A preset's 4-level block counts fit a 3-level features list when blocks are not given.
  const ok = { ...minimal, networks: { ...minimal.networks, teacher: { role: 'teacher', model: { features: [8, 16, 32] } } } };
  assert.deepEqual(parseExperimentConfig(JSON.stringify(ok), '/tmp/x.medkd.json').diagnostics, []);
});

test('the data layer’s finer options are config fields: accepted, kept, and handed to preprocessing as written', () => {
  const fine = {
    ...minimal,
    data: { synthetic: { cases: 8 }, annotates: [1, 3], organIds: { liver: 1 } },
    preprocess: { normalize: 'ct', cropToForeground: true, cropMargin: 4, labelInterpolation: 'labelLinear', padMultiple: 16 },
    augment: { flipAxes: ['y', 'z'], rotateAllAxes: true, scalePerAxis: true, rotateProbability: 0.2, scaleProbability: 0.25, intensityProbability: 0.15, noiseProbability: 0.1 },
  };
  const { config, diagnostics } = parseExperimentConfig(JSON.stringify(fine), '/tmp/x.medkd.json');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(config?.data.annotates, [1, 3]);
  assert.deepEqual(config?.data.organIds, { liver: 1 });
  assert.deepEqual(preprocessConfigFor(config!), { normalize: 'ct', ctWindow: [-300, 300], cropToForeground: true, cropMargin: 4, labelInterpolation: 'labelLinear', padMultiple: 16, minSize: [32, 32, 32] });
  assert.deepEqual(config?.augment.flipAxes, ['y', 'z']);
  assert.equal(config?.augment.noiseProbability, 0.1);
  // Out of range and unknown values are named.
  const bad = { ...fine, preprocess: { padMultiple: 0 }, augment: { flipAxes: ['w'], rotateProbability: 2 } };
  const fields = parseExperimentConfig(JSON.stringify(bad), '/tmp/x.medkd.json').diagnostics.map((d) => d.field).sort();
  assert.deepEqual(fields, ['augment.flipAxes[0]', 'augment.rotateProbability', 'preprocess.padMultiple']);
});
