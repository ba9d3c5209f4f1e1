// Starter `*.medkd.json` configs: one per method, all on synthetic phantoms so they run as soon as they are saved.

export const METHODS = ['supervised', 'kd', 'crossTeachingKD', 'msKD', 'omniKD'] as const;
export type MethodName = (typeof METHODS)[number];

export const METHOD_DESCRIPTIONS: Record<MethodName, string> = {
  supervised: 'Train one network on labelled cases (a teacher to distil from later).',
  kd: 'Distil a trained (or co-trained) teacher into a light student.',
  crossTeachingKD: 'Two teachers teach each other on unlabelled cases while a student learns from both, in one joint run (Choi, FLARE 2022).',
  msKD: 'Single-organ teachers distilled into one multi-organ student (MS-KD).',
  omniKD: 'An ensemble of teachers pseudo-labels unlabelled cases for the student (omni-supervised).',
};

// Three levels with one block each: a U-Net that trains on a CPU. blocksPerLevel is explicit because the role
// presets have four levels of blocks.
const TEACHER = { features: [16, 32, 64], blocksPerLevel: 1, residual: true };
const STUDENT = { features: [8, 16, 32], blocksPerLevel: 1, separable: true };

export interface TemplateOptions {
  /** The demo's size (the same as `medkd demo`): a few minutes on a 2-core CPU. */
  quick?: boolean;
}

export function configTemplate(method: MethodName, name: string, options: TemplateOptions = {}): string {
  const quick = options.quick ?? false;
  const labelNames = { '0': 'background', '1': 'organ 1', '2': 'organ 2', '3': 'organ 3', '4': 'organ 4' };
  const data = {
    synthetic: { cases: quick ? 24 : 32, size: [48, 48, 48], organs: 4, seed: 7 },
    labelNames,
    validation: { count: 4, seed: 0 },
  };
  const teacher = () => ({ role: 'teacher', model: TEACHER });
  const student = { role: 'student', model: STUDENT };
  const networks: Record<string, unknown> = (() => {
    switch (method) {
      case 'supervised':
        return { teacher: teacher() };
      case 'kd':
        return { teacher: teacher(), student };
      case 'crossTeachingKD':
        // Choi's teachers differ only in their upsampling.
        return { teacherA: { role: 'teacher', model: { ...TEACHER, upsampling: 'transposed' } }, teacherB: { role: 'teacher', model: { ...TEACHER, upsampling: 'resizeConv' } }, student };
      case 'msKD':
      case 'omniKD':
        return { teacher1: teacher(), teacher2: teacher(), student };
    }
  })();
  const lr = quick ? 0.003 : 0.001;
  // crossTeachingKD trains with Choi's SGD setup (its method defaults), hence his rate and weights.
  const hyper: Record<string, number> =
    method === 'supervised' ? { lr, segWeight: 1 } : method === 'crossTeachingKD' ? { lr: 0.01, kdWeight: 10, ctWeight: 0.1, temperature: 1 } : { lr, temperature: 2, kdWeight: 1, segWeight: 1 };
  const config = {
    name,
    method,
    data,
    networks,
    train: quick
      ? { steps: 300, teacherSteps: 300, batchSize: 2, patchSize: [32, 32, 32], valEvery: 100, checkpointEvery: 100, seed: 0 }
      : { steps: 2000, teacherSteps: 1000, batchSize: 2, patchSize: [32, 32, 32], valEvery: 200, checkpointEvery: 500, seed: 0 },
    hyper,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
