/**
 * The browser agent: the client bundle (dist/browser/rosetta-client.js) in headless Chromium,
 * driven through playwright-core. The page loads the bundle and the same agent logic as the Node
 * client agent (client-agent-core.js and the one module it imports, common/recording.js); every step is evaluated in the page,
 * so what talks to the gateway is the browser's own WebSocket.
 * Run: node dist/conformance/agents/browser/agent.js   (CHROMIUM_PATH overrides /usr/bin/chromium)
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runAgent } from '../common/agent-main.js';
import { CODE_NAMES, type AgentResult, type DecodedRequest } from '../../runner/agent-codec.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const BROWSER_DIST = fileURLToPath(new URL('../../../browser/', import.meta.url));
const CORE = fileURLToPath(new URL('../ts-client/client-agent-core.js', import.meta.url));
const RECORDING = fileURLToPath(new URL('../common/recording.js', import.meta.url));
// `yjs` comes from the page's import map: the documents bundle leaves it to the page (one copy).
const PAGE = '<!doctype html><title>rosetta conformance</title><script type="importmap">{ "imports": { "yjs": "/vendor/yjs.js" } }</script>';

let server: Server | undefined;
let browser: Browser | undefined;
let page: Page | undefined;

async function start(): Promise<Page> {
  for (const f of [join(BROWSER_DIST, 'rosetta-client.js'), join(BROWSER_DIST, 'rosetta-documents.js'), CORE, RECORDING]) if (!existsSync(f)) throw new Error(`${f} is missing: npm run build`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  const yjs = (await build({ stdin: { contents: "export * from 'yjs';", resolveDir: process.cwd(), loader: 'js' }, bundle: true, format: 'esm', platform: 'browser', write: false })).outputFiles[0]!.text;
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    const js = (body: string | Buffer): void => { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(body); };
    if (url === '/vendor/yjs.js') return js(yjs);
    if (url === '/client-agent-core.js') return js(readFileSync(CORE));
    if (url === '/common/recording.js') return js(readFileSync(RECORDING)); // what the core imports, at the path it names
    if (/^\/[\w.-]+\.js$/.test(url) && existsSync(join(BROWSER_DIST, url.slice(1)))) return js(readFileSync(join(BROWSER_DIST, url.slice(1))));
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(PAGE);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
  });
  const p = await browser.newPage();
  p.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  p.on('console', (m) => process.stderr.write(`page: ${m.text()}\n`));
  await p.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  const detail = `rosetta-client.js in Chromium ${browser.version()}`;
  await p.evaluate(async ({ codeNames, detail }) => {
    const client = await import('/rosetta-client.js' as string);
    const documents = await import('/rosetta-documents.js' as string);
    const core = await import('/client-agent-core.js' as string);
    const g = globalThis as unknown as { agent: unknown; WebSocket: unknown };
    g.agent = new core.ClientAgentCore({ RosettaClient: client.RosettaClient, SyncedDocuments: documents.SyncedDocuments, WebSocket: g.WebSocket, codeNames, agentName: 'browser', detail });
  }, { codeNames: [...CODE_NAMES], detail });
  return p;
}

runAgent({
  async handle(req: DecodedRequest): Promise<AgentResult> {
    page ??= await start();
    return page.evaluate((r) => (globalThis as unknown as { agent: { handle(x: unknown): Promise<AgentResult> } }).agent.handle(r), req as unknown as Record<string, unknown>) as Promise<AgentResult>;
  },
  async close() {
    await browser?.close();
    server?.close();
  },
});
