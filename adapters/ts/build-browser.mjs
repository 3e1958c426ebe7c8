#!/usr/bin/env node
// Bundles the client for browsers (ESM): dist/browser/rosetta-client.js and, for replicated
// documents, dist/browser/rosetta-documents.js, with the code they share in one chunk (one copy
// of the error classes, so `instanceof` holds across both). `yjs` stays an import: the page's own
// copy must be the one documents use (two copies of Yjs break its constructor checks).
// Platform 'browser' makes the build fail on any Node-only import in the client's graph.
import { build } from 'esbuild';

const here = (p) => new URL(p, import.meta.url).pathname;

await build({
  entryPoints: { 'rosetta-client': here('./index.ts'), 'rosetta-documents': here('./documents.ts') },
  outdir: here('../../dist/browser'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  // Node 20's fallback (default-websocket.ts); browsers have a global WebSocket and never load it.
  external: ['ws', 'yjs'],
  logLevel: 'warning',
});
