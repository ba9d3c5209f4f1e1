import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeNonce, webviewHtml } from '../../../src/extension/panels/webviewHtml';

describe('webviewHtml', () => {
  const html = webviewHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: 'abc123', title: 'T <1>', scriptUri: 'https://x/dist/webview/curves.js', styleUris: ['https://x/media/webview/common.css'] });

  it('locks the page down: default-src none, scripts only by nonce, resources only from the webview origin', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
    assert.equal(directives['default-src'], "'none'");
    assert.equal(directives['script-src'], "'nonce-abc123'");
    assert.equal(directives['style-src'], "https://x.vscode-cdn.net 'nonce-abc123'");
    assert.equal(directives['connect-src'], 'https://x.vscode-cdn.net');
    assert.ok(!csp.includes('unsafe'));
  });

  it('publishes the nonce for the UI toolkit’s own <style> probe', () => {
    assert.match(html, /<meta property="csp-nonce" content="abc123">/);
  });

  it('loads its one script with the nonce and escapes the title', () => {
    assert.match(html, /<script nonce="abc123" src="https:\/\/x\/dist\/webview\/curves.js"><\/script>/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<title>T &lt;1><\/title>/);
  });

  it('makes a fresh alphanumeric nonce each time', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9]{16,}$/);
    assert.notEqual(a, makeNonce());
  });
});
