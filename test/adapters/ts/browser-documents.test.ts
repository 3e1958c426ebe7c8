/**
 * Replicated documents in a real browser (headless Chromium via playwright-core):
 * two pages edit one document through a real gateway and each sees the other's
 * edits — one page with the shipped bundles (dist/browser/rosetta-client.js and
 * rosetta-documents.js, `yjs` from the page's import map: one Yjs copy), the other
 * with a stock y-websocket provider that knows nothing about Rosetta.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, servePages } from '../../helpers/chromium.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';

const browserDir = fileURLToPath(new URL('../../../browser/', import.meta.url));
const DOC = 'board/browser';

let gw: GatewayProcess;
let server: Server;
let browser: Browser;
let pageUrl = '';
let token = '';
/** Bundled at test time from node_modules: what a page's own build would give it. */
const vendor = new Map<string, string>();

async function vendorBundle(name: string, source: string, external: string[]): Promise<void> {
  const out = await build({ stdin: { contents: source, resolveDir: process.cwd(), loader: 'js' }, bundle: true, format: 'esm', platform: 'browser', write: false, external });
  vendor.set(name, out.outputFiles[0]!.text);
}

const PAGE = `<!doctype html><title>rosetta documents</title>
<script type="importmap">{ "imports": { "yjs": "/vendor/yjs.js", "y-websocket": "/vendor/y-websocket.js" } }</script>
<pre id="out"></pre>`;

before(async () => {
  if (!existsSync(join(browserDir, 'rosetta-documents.js'))) throw new Error('dist/browser is missing: npm run build');
  await vendorBundle('yjs.js', "export * from 'yjs';", []);
  await vendorBundle('y-websocket.js', "export * from 'y-websocket';", ['yjs']);
  gw = await GatewayProcess.start(['--auth', '--data-dir', mkdtempSync(join(tmpdir(), 'rosetta-browser-docs-'))]);
  token = gw.events.find((e) => e['event'] === 'listening')!['devToken'] as string;
  ({ server, url: pageUrl } = await servePages((req, res) => {
    const url = req.url ?? '/';
    const js = (body: string | Buffer) => { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(body); };
    if (url.startsWith('/vendor/') && vendor.has(basename(url))) return js(vendor.get(basename(url))!);
    if (/^\/[\w.-]+\.js$/.test(url) && existsSync(join(browserDir, url.slice(1)))) return js(readFileSync(join(browserDir, url.slice(1))));
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(PAGE);
  }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  await gw?.stop();
});

async function newPage(errors: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(pageUrl);
  return page;
}

/** The entries the page's document holds. */
const entries = (page: Page) => page.evaluate(() => (globalThis as any).doc.getMap('entries').toJSON() as Record<string, string>);

test('browser - two pages (the Rosetta bundles, a stock y-websocket provider) edit one document through the gateway and see each other\'s edits', async () => {
  const errors: string[] = [];
  const a = await newPage(errors);
  const b = await newPage(errors);
  await a.evaluate(async ({ url, token, doc }) => {
    const paths = ['/rosetta-client.js', '/rosetta-documents.js', 'yjs'];
    const [{ RosettaClient }, { SyncedDocuments }, Y] = await Promise.all(paths.map((p) => import(p)));
    const client = await RosettaClient.connect({ url, token });
    const synced = new SyncedDocuments(client).open(doc, new Y.Doc());
    await synced.synced;
    Object.assign(globalThis, { doc: synced.doc, synced });
  }, { url: gw.wsUrl, token, doc: DOC });
  await b.evaluate(async ({ url, token, doc }) => {
    const paths = ['y-websocket', 'yjs'];
    const [{ WebsocketProvider }, Y] = await Promise.all(paths.map((p) => import(p)));
    const ydoc = new Y.Doc();
    const provider = new WebsocketProvider(url, doc, ydoc, { params: { token }, disableBc: true });
    await new Promise<void>((r) => provider.on('sync', (s: boolean) => { if (s) r(); }));
    Object.assign(globalThis, { doc: ydoc, provider });
  }, { url: `${gw.wsUrl}/yjs`, token, doc: DOC });

  await a.evaluate(() => { (globalThis as any).doc.getMap('entries').set('from-page-a', 'rosetta client'); });
  await b.evaluate(() => { (globalThis as any).doc.getMap('entries').set('from-page-b', 'y-websocket'); });
  const both = (e: Record<string, string>) => e['from-page-a'] === 'rosetta client' && e['from-page-b'] === 'y-websocket';
  await a.waitForFunction(() => (globalThis as any).doc.getMap('entries').get('from-page-b') === 'y-websocket', undefined, { timeout: 15_000 });
  await b.waitForFunction(() => (globalThis as any).doc.getMap('entries').get('from-page-a') === 'rosetta client', undefined, { timeout: 15_000 });
  assert.ok(both(await entries(a)) && both(await entries(b)));

  // Concurrent edits of one key converge to one value on both pages.
  await Promise.all([
    a.evaluate(() => { (globalThis as any).doc.getMap('entries').set('contested', 'a'); }),
    b.evaluate(() => { (globalThis as any).doc.getMap('entries').set('contested', 'b'); }),
  ]);
  await a.waitForFunction(() => (globalThis as any).synced.flushed().then(() => true), undefined, { timeout: 15_000 });
  const settled = async () => { const [x, y] = [await entries(a), await entries(b)]; return JSON.stringify(x) === JSON.stringify(y) && x['contested'] !== undefined; };
  const deadline = Date.now() + 15_000;
  while (!(await settled())) {
    if (Date.now() > deadline) assert.fail(`pages did not converge: ${JSON.stringify(await entries(a))} vs ${JSON.stringify(await entries(b))}`);
    await a.waitForTimeout(20);
  }
  // And the gateway's own TS actor sees the same document.
  const viaActor = await a.evaluate(async ({ url, token, doc }) => {
    const { RosettaClient } = await import('/rosetta-client.js' as string);
    const c = await RosettaClient.connect({ url, token });
    try { return JSON.parse(await c.request({ id: doc }, 'entries', { timeoutMs: 5000 })); } finally { c.close(); }
  }, { url: gw.wsUrl, token, doc: DOC });
  assert.deepEqual(viaActor, await entries(a));
  assert.deepEqual(errors, []);
});
