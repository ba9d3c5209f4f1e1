import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CATEGORY, COMMANDS, CONTEXT_KEYS } from '../../../src/extension/commands/commandTable';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string; title: string; category: string; enablement?: string }[]; menus: Record<string, { command: string; when: string }[]> };
  activationEvents: string[];
};

describe('command table', () => {
  it('has exactly the commands package.json contributes, with the same titles, category and enablement', () => {
    const fromTable = COMMANDS.map((c) => ({ id: c.id, title: c.title, enablement: 'enablement' in c ? c.enablement : undefined }));
    const fromPkg = pkg.contributes.commands.map((c) => ({ id: c.command, title: c.title, enablement: c.enablement }));
    assert.deepEqual(fromPkg, fromTable);
    assert.ok(pkg.contributes.commands.every((c) => c.category === CATEGORY));
  });

  it('has unique ids in the medkd namespace', () => {
    const ids = COMMANDS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => /^medkd\.[a-zA-Z]+$/.test(id)));
  });

  it('activates on each command', () => {
    for (const c of COMMANDS) assert.ok(pkg.activationEvents.includes(`onCommand:${c.id}`), c.id);
  });

  it('uses only context keys the extension sets, in enablement clauses', () => {
    const known = new Set<string>(Object.values(CONTEXT_KEYS));
    for (const c of COMMANDS) {
      if (!('enablement' in c)) continue;
      for (const key of c.enablement.match(/medkd\.[a-zA-Z]+/g) ?? []) assert.ok(known.has(key), `${c.id}: ${key}`);
    }
  });

  it('menus name only known commands', () => {
    const ids = new Set<string>(COMMANDS.map((c) => c.id));
    for (const [menu, items] of Object.entries(pkg.contributes.menus)) for (const item of items) assert.ok(ids.has(item.command), `${menu}: ${item.command}`);
  });
});
