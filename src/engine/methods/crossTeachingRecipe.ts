// crossTeachingKD (Choi, FLARE 2022): one joint phase of two cross-teaching teachers and a distilled student.
// Validation scores all three networks; the student's Dice is the run's "val/dice/*".
import type { ExperimentConfig } from '../config/experimentConfig';
import type { Recipe } from './recipe';
import type { BuiltNetwork } from './buildNetworks';
import type { ExperimentData } from './experimentData';
import { validateNetwork } from './evaluateNetworks';
import { crossTeachingOptionsFor } from './crossTeachingOptions';
import { crossTeachingPhase } from './crossTeachingPhase';
import type { CrossTeachingTrio } from './crossTeachingPhase';

/** The student and the two teachers, in config order (T1 is the first teacher listed). */
export function crossTeachingTrio(networks: Map<string, BuiltNetwork>): CrossTeachingTrio {
  const all = [...networks.values()];
  const teachers = all.filter((n) => n.role === 'teacher');
  const student = all.find((n) => n.role === 'student');
  if (teachers.length !== 2 || student === undefined) throw new Error(`crossTeachingKD: needs exactly 2 teachers and a student, found ${teachers.length} teacher(s) and ${student ? 1 : 0} student`);
  return { student, teachers: [teachers[0]!, teachers[1]!] };
}

export function crossTeachingRecipe(config: ExperimentConfig, data: ExperimentData, networks: Map<string, BuiltNetwork>): Recipe {
  const trio = crossTeachingTrio(networks);
  const options = crossTeachingOptionsFor(config, data.dataset.split.train.length);
  const validate =
    config.train.valEvery > 0 && data.validationIds.length > 0
      ? async () => {
          const out = await validateNetwork(trio.student, data, config);
          for (const t of trio.teachers) {
            const v = await validateNetwork(t, data, config);
            out[`val/${t.name}/dice/mean`] = v['val/dice/mean']!;
          }
          return out;
        }
      : undefined;
  return { phases: [crossTeachingPhase(trio, config.train.steps, data.numClasses, options, validate)] };
}
