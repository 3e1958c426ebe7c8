import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultRow } from './execute.js';
export async function writeReports(rows: ResultRow[], out: string, _o: unknown): Promise<{ markdown: string }> {
  writeFileSync(join(out, 'results.json'), JSON.stringify(rows, null, 1));
  return { markdown: '' };
}
export function updateReadme(_file: string, _md: string): void {}
