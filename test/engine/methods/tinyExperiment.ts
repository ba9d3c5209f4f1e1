// A KD experiment small enough to run in a test: 6 phantoms of 24³, 2-level networks, a handful of steps.
import type { ExperimentConfigInput } from '../../../src/engine/config/experimentConfig';

export function tinyKdConfig(overrides: Partial<ExperimentConfigInput> = {}): ExperimentConfigInput {
  return {
    name: 'tiny',
    method: 'kd',
    data: { synthetic: { cases: 6, size: [24, 24, 24], organs: 2, seed: 3 }, validation: { count: 2, seed: 0 } },
    networks: {
      teacher: { role: 'teacher', model: { features: [4, 8], blocksPerLevel: 1, squeezeExcitation: false } },
      student: { role: 'student', model: { features: [2, 4], blocksPerLevel: 1, separable: true, squeezeExcitation: false } },
    },
    train: { steps: 4, teacherSteps: 4, batchSize: 1, patchSize: [16, 16, 16], valEvery: 4, checkpointEvery: 2, optimizer: 'adam', schedule: 'constant' },
    augment: { probability: 0 },
    hyper: { lr: 0.01 },
    inference: { overlap: 0, batchSize: 1 },
    ...overrides,
  };
}
