/**
 * The agents this repository ships, how to start them and how to build the compiled ones:
 *
 * | agent | what | adapter |
 * |---|---|---|
 * | ts | TypeScript actors hosted in the gateway under test | `rosetta` (setup(tenant), Props, root context) |
 * | ts-client | the TypeScript client in Node over WebSocket | `rosetta/client` |
 * | browser | the client bundle in headless Chromium | `dist/browser/rosetta-client.js` |
 * | go-v2024, go-v2025 | protoactor-go nodes of each wire dialect | protoactor-go + adapters/go |
 * | jvm | Apache Pekko typed actors | adapters/jvm `rosetta-pekko` |
 * | peer-v2024, peer-v2025 | the unmodified protoactor-go program adapters/go/examples/peer | none (configuration only) |
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentCommand } from './agent-process.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DIST = join(REPO, 'dist/conformance/agents');

export const BUILTIN_AGENTS = ['ts', 'ts-client', 'browser', 'go-v2024', 'go-v2025', 'jvm', 'peer-v2024', 'peer-v2025'] as const;
export type BuiltinAgent = (typeof BUILTIN_AGENTS)[number];

/** Listen ports handed to each Proto.Actor node agent: one per session it may open. */
export const NODE_PORTS = 6;

export function isNodeAgent(name: string): boolean {
  return name.startsWith('go-') || name.startsWith('peer-');
}

export function dialectOf(name: string): 'v2024' | 'v2025' | undefined {
  return name.endsWith('-v2024') ? 'v2024' : name.endsWith('-v2025') ? 'v2025' : undefined;
}

const JVM_DIR = join(REPO, 'conformance/agents/jvm');
const JVM_TARGET = join(JVM_DIR, 'agent/target');

export function commandFor(name: Exclude<BuiltinAgent, 'peer-v2024' | 'peer-v2025'>): AgentCommand {
  switch (name) {
    case 'ts': return { name, command: process.execPath, args: [join(DIST, 'ts/agent.js')] };
    case 'ts-client': return { name, command: process.execPath, args: [join(DIST, 'ts-client/agent.js')] };
    case 'browser': return { name, command: process.execPath, args: [join(DIST, 'browser/agent.js')] };
    case 'go-v2024': case 'go-v2025': return { name, command: join(REPO, `conformance/agents/${name}/bin/agent`), args: [] };
    case 'jvm': return {
      name, command: 'java',
      args: ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xss512k', '-cp', `${join(JVM_TARGET, 'classes')}:${join(JVM_TARGET, 'lib')}/*`, 'dev.rosetta.conformance.Agent'],
    };
  }
}

function newest(dir: string, ext: RegExp): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) { if (name !== 'bin' && name !== 'target') t = Math.max(t, newest(p, ext)); } else if (ext.test(name)) t = Math.max(t, st.mtimeMs);
  }
  return t;
}

/** Builds the compiled agents among `names` when missing or older than their sources (Go, Maven). */
export function buildAgents(names: readonly string[], log: (line: string) => void): void {
  const go = names.filter((n) => n === 'go-v2024' || n === 'go-v2025');
  if (go.length > 0) {
    const src = Math.max(...['conformance/agents/go', 'conformance/agents/go-v2024', 'conformance/agents/go-v2025', 'adapters/go'].map((d) => newest(join(REPO, d), /\.(go|mod|sum)$/)));
    const stale = go.some((n) => { const bin = join(REPO, `conformance/agents/${n}/bin/agent`); return !existsSync(bin) || statSync(bin).mtimeMs < src; });
    if (stale) {
      log('building the Go agents (conformance/agents/go/build.sh)');
      execFileSync(join(REPO, 'conformance/agents/go/build.sh'), { stdio: ['ignore', 'ignore', 'inherit'] });
    }
  }
  if (names.some((n) => n.startsWith('peer-'))) {
    const src = newest(join(REPO, 'adapters/go'), /\.(go|mod|sum)$/);
    const stale = ['v2024', 'v2025'].some((d) => { const bin = join(REPO, `adapters/go/examples/peer-${d}/bin/peer`); return !existsSync(bin) || statSync(bin).mtimeMs < src; });
    if (stale) {
      log('building the Go peers (adapters/go/build.sh)');
      execFileSync(join(REPO, 'adapters/go/build.sh'), { stdio: ['ignore', 'ignore', 'inherit'] });
    }
  }
  if (names.includes('jvm')) {
    // A stamp written after each build: Maven recompiles incrementally, so class files keep old times.
    const stamp = join(JVM_TARGET, 'built.stamp');
    const src = Math.max(newest(join(JVM_DIR, 'agent'), /\.(java|xml)$/), newest(join(REPO, 'adapters/jvm'), /\.(java|xml)$/), statSync(join(REPO, 'conformance/conformance.proto')).mtimeMs);
    if (!existsSync(stamp) || statSync(stamp).mtimeMs < src) {
      log('building the JVM agent (mvn package -f conformance/agents/jvm/pom.xml -pl agent -am)');
      execFileSync('mvn', ['-B', '-ntp', '-q', 'package', '-DskipTests', '-f', join(JVM_DIR, 'pom.xml'), '-pl', 'agent', '-am'], { stdio: ['ignore', 'ignore', 'inherit'] });
      writeFileSync(stamp, new Date().toISOString());
    }
  }
}
