// Writes media/medkd.schema.json from the config's zod schema, so the editor and the validator say the same thing.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { experimentConfigSchemaJson } from '../src/engine/config/configJsonSchema';

const out = join(__dirname, '..', 'media', 'medkd.schema.json');
mkdirSync(join(__dirname, '..', 'media'), { recursive: true });
writeFileSync(out, `${JSON.stringify(experimentConfigSchemaJson(), null, 2)}\n`);
console.log(`wrote ${out}`);
