#!/usr/bin/env node
// Bundles the client for browsers: dist/browser/rosetta-client.js (ESM). Platform
// 'browser' makes the build fail on any Node-only import in the client's graph.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('./index.ts', import.meta.url).pathname],
  outfile: new URL('../../dist/browser/rosetta-client.js', import.meta.url).pathname,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  // Node 20's fallback (default-websocket.ts); browsers have a global WebSocket and never load it.
  external: ['ws'],
  logLevel: 'warning',
});
