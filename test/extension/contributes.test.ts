import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { activationEvents, buildContributes, CAPABILITIES, VIEW_IDS } from '../../src/extension/contributes';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;

describe('package.json contributions', () => {
  it('match what src/extension/contributes.ts builds (run scripts/writeManifest.ts after changing it)', () => {
    assert.deepEqual(pkg.contributes, buildContributes());
    assert.deepEqual(pkg.activationEvents, activationEvents());
    assert.deepEqual(pkg.capabilities, CAPABILITIES);
    assert.equal(pkg.main, './dist/extension/extension.js');
  });

  it('never activate on everything, and activate on configs, views and the custom editor', () => {
    const events = activationEvents();
    assert.ok(!events.includes('*'));
    assert.ok(events.includes('workspaceContains:**/*.medkd.json'));
    assert.ok(events.includes('onCustomEditor:medkd.niftiViewer'));
    for (const v of Object.values(VIEW_IDS)) assert.ok(events.includes(`onView:${v}`), v);
  });

  it('reference files that exist', () => {
    const c = buildContributes() as {
      viewsContainers: { activitybar: { icon: string }[] };
      walkthroughs: { steps: { media: { markdown: string } }[] }[];
      jsonValidation: { url: string }[];
    };
    const files = [
      ...c.viewsContainers.activitybar.map((v) => v.icon),
      ...c.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown)),
      ...c.jsonValidation.map((j) => j.url),
    ];
    for (const f of files) assert.ok(existsSync(join(root, f)), f);
  });

  it('declare the engine node path machine-scoped', () => {
    const props = (buildContributes().configuration as { properties: Record<string, { scope?: string }> }).properties;
    assert.equal(props['medkd.engine.nodePath']?.scope, 'machine');
  });
});
