/**
 * A real browser (headless Chromium via playwright-core) loads the client bundle
 * (dist/browser/rosetta-client.js), connects to a real gateway with a token and
 * gets replies from a TS actor and from a Go actor, and hosts an actor a Go node
 * messages by name.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, servePages } from '../../helpers/chromium.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { GoPeer } from '../../helpers/go-peer.js';

const bundle = fileURLToPath(new URL('../../../browser/rosetta-client.js', import.meta.url));

let gw: GatewayProcess;
let go: GoPeer;
let server: Server;
let browser: Browser;
let pageUrl = '';
let token = '';

before(async () => {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: npm run build`);
  gw = await GatewayProcess.start(['--auth', '--data-dir', mkdtempSync(join(tmpdir(), 'rosetta-browser-'))]);
  token = gw.events.find((e) => e['event'] === 'listening')!['devToken'] as string;
  go = await GoPeer.start('v2025', ['--token', token]);
  // A tenant only dials nodes that authenticated as that tenant: the Go node introduces itself.
  await go.call({ op: 'request', address: gw.address, id: 'echo', text: 'hello', timeoutMs: 5000 }, (e) => e['event'] === 'reply');
  ({ server, url: pageUrl } = await servePages((req, res) => {
    // The bundle and the chunk it shares with rosetta-documents.js, as a site serves dist/browser/.
    const file = /^\/[\w.-]+\.js$/.test(req.url ?? '') ? join(dirname(bundle), req.url!.slice(1)) : undefined;
    if (file && existsSync(file)) { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(readFileSync(file)); return; }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>rosetta</title><pre id="out"></pre>');
  }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  await go?.exit();
  await gw?.stop();
});

test('browser - the bundled client connects with a token and exchanges messages with TS and Go actors', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pageUrl);
  const result = await page.evaluate(async ({ url, token, goAddress }) => {
    const bundlePath = '/rosetta-client.js';
    const { RosettaClient } = await import(bundlePath);
    const g = globalThis as unknown as { rosetta: unknown; document: { getElementById(id: string): { textContent: string } } };
    const client = await RosettaClient.connect({ url, token });
    const fromTs = await client.request({ id: 'echo' }, 'hello from the browser', { timeoutMs: 5000 });
    const fromGo = await client.request({ address: goAddress, id: 'echo' }, 'browser to go', { timeoutMs: 5000 });
    await client.register('browser-desk', (m: unknown, ctx: { respond(x: string): void }) => ctx.respond(`browser saw ${String(m)}`));
    g.rosetta = client;
    g.document.getElementById('out').textContent = `${fromTs} | ${fromGo}`;
    return { fromTs, fromGo };
  }, { url: gw.wsUrl, token, goAddress: go.address });
  assert.deepEqual(result, { fromTs: 'hello from the browser', fromGo: 'browser to go' });
  assert.equal(await page.textContent('#out'), 'hello from the browser | browser to go');
  const r = await go.call({ op: 'request', address: gw.address, id: 'browser-desk', text: 'ping', timeoutMs: 5000 }, (e) => e['event'] === 'reply' || e['event'] === 'error');
  assert.deepEqual(r, { event: 'reply', text: 'browser saw ping' });
  assert.deepEqual(errors, []);
  await page.close();
});
