// msKD and omniKD experiments small enough for tests: 24³ phantoms, 2-level networks, a handful of steps.
import type { ExperimentConfigInput } from '../../../src/engine/config/experimentConfig';

const tinyTrain = { steps: 4, teacherSteps: 3, batchSize: 1, patchSize: [16, 16, 16] as [number, number, number], valEvery: 0, checkpointEvery: 2, optimizer: 'adam' as const, schedule: 'constant' as const };

/** Two binary teachers named after phantom organs (liver = 1, kidney = 2), one 3-class student. */
export function tinyMsKdConfig(overrides: Partial<ExperimentConfigInput> = {}): ExperimentConfigInput {
  return {
    name: 'tiny-mskd',
    method: 'msKD',
    data: { synthetic: { cases: 4, size: [24, 24, 24], organs: 2, seed: 3 }, validation: { count: 1, seed: 0 } },
    networks: {
      liver: { role: 'teacher', model: { features: [4, 8], blocksPerLevel: 1, squeezeExcitation: false } },
      kidney: { role: 'teacher', model: { features: [6, 8], blocksPerLevel: 1, squeezeExcitation: false } },
      student: { role: 'student', model: { features: [2, 4], blocksPerLevel: 1, separable: true, squeezeExcitation: false } },
    },
    train: tinyTrain,
    augment: { probability: 0 },
    hyper: { lr: 0.01 },
    inference: { overlap: 0, batchSize: 1 },
    msKD: { featureLevel: 0 },
    ...overrides,
  };
}

/** Two heterogeneous teachers and a student; 3 labelled phantoms (1 held out) and 2 unlabelled ones. */
export function tinyOmniConfig(overrides: Partial<ExperimentConfigInput> = {}): ExperimentConfigInput {
  return {
    name: 'tiny-omni',
    method: 'omniKD',
    data: { synthetic: { cases: 3, size: [24, 24, 24], organs: 2, seed: 5, unlabeledCases: 2 }, validation: { count: 1, seed: 0 } },
    networks: {
      wide: { role: 'teacher', model: { features: [6, 8], blocksPerLevel: 1, squeezeExcitation: false } },
      plain: { role: 'teacher', model: { features: [4, 8], blocksPerLevel: 1, residual: false, norm: 'group', groups: 2, squeezeExcitation: false, upsampling: 'nearest' } },
      student: { role: 'student', model: { features: [2, 4], blocksPerLevel: 1, squeezeExcitation: false } },
    },
    train: tinyTrain,
    augment: { probability: 0 },
    hyper: { lr: 0.01 },
    inference: { overlap: 0, batchSize: 1 },
    omniKD: { pseudoLabelTta: false },
    ...overrides,
  };
}
