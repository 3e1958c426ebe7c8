/**
 * Runs `rosetta conformance` as a child process (the way CI and users run it) with `--json`, and
 * returns its exit code, the result rows it printed, and its stderr.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResultRow } from '../../conformance/runner/execute.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(REPO, 'bin/rosetta.mjs');

export interface ConformanceRun { code: number | null; rows: ResultRow[]; stderr: string; out: string }

export function runConformanceCli(args: string[], timeoutMs: number): Promise<ConformanceRun> {
  const out = mkdtempSync(join(tmpdir(), 'rosetta-conformance-out-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'conformance', '--json', '--out', out, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-200_000); });
    const t = setTimeout(() => { child.kill('SIGTERM'); reject(new Error(`rosetta conformance ${args.join(' ')} did not finish within ${timeoutMs} ms; stderr tail: ${stderr.slice(-3000)}`)); }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(t);
      const rows = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as ResultRow);
      resolve({ code, rows, stderr, out });
    });
  });
}

/** outcome by run id. */
export function outcomes(rows: ResultRow[]): Record<string, string> {
  return Object.fromEntries(rows.map((r) => [r.id, r.outcome]));
}
