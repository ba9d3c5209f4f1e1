import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseExperimentConfig } from '../../../src/engine/config/loadExperimentConfig';
import { configTemplate, METHODS } from '../../../src/extension/config/configTemplate';

// The engine's own validator is the judge: every template must be a config the engine accepts as it is.
describe('configTemplate', () => {
  for (const method of METHODS) {
    for (const quick of [false, true]) {
      it(`${method}${quick ? ' (quick)' : ''} is accepted by the engine's validator`, () => {
        const text = configTemplate(method, `my ${method}`, { quick });
        const loaded = parseExperimentConfig(text, '/w/x.medkd.json');
        assert.deepEqual(loaded.diagnostics.filter((d) => d.severity === 'error'), []);
        assert.equal(loaded.config?.method, method);
        assert.equal(loaded.config?.name, `my ${method}`);
      });
    }
  }

  it('gives distillation methods a student and the supervised one none', () => {
    const roles = (m: (typeof METHODS)[number]) => Object.values((JSON.parse(configTemplate(m, 'x')) as { networks: Record<string, { role: string }> }).networks).map((n) => n.role);
    assert.deepEqual(roles('supervised'), ['teacher']);
    assert.deepEqual(roles('kd'), ['teacher', 'student']);
    assert.deepEqual(roles('crossTeachingKD'), ['teacher', 'teacher', 'student']);
  });
});
