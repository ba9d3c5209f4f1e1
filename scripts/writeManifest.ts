// Writes the extension's package.json keys (contributes, activationEvents, main, capabilities) from
// src/extension/contributes.ts, leaving every other key as it is. Others edit package.json too, so run it under
// the lock:  flock /tmp/medkd-pkg.lock node --import tsx scripts/writeManifest.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { activationEvents, buildContributes, CAPABILITIES } from '../src/extension/contributes';

const path = join(__dirname, '..', 'package.json');
const pkg = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
pkg.main = './dist/extension/extension.js';
pkg.activationEvents = activationEvents();
pkg.capabilities = CAPABILITIES;
pkg.contributes = buildContributes();
writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
console.log('package.json: contributes, activationEvents, main and capabilities written');
