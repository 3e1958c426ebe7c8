#!/usr/bin/env node
// Rosetta command line. `rosetta dev` starts the gateway with embedded defaults.
const [, , command = 'help', ...rest] = process.argv;
const { main } = await import(new URL('../dist/gateway/cli/main.js', import.meta.url).href).catch((err) => {
  console.error('rosetta: build missing — run `npm run build` first', err?.message ?? '');
  process.exit(1);
});
process.exitCode = await main(command, rest);
