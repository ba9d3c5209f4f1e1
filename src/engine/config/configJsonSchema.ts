// The JSON schema of `*.medkd.json`, generated from the zod schema (input side: defaults are optional to write).
import { z } from 'zod';
import { experimentConfigSchema } from './experimentConfig';

export function experimentConfigSchemaJson(): Record<string, unknown> {
  const schema = z.toJSONSchema(experimentConfigSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return { ...schema, title: 'MedKD experiment config', description: 'A knowledge-distillation experiment for 3D medical image segmentation.' };
}
