/**
 * The stdin/stdout loop of a TypeScript agent: reads framed Requests, hands each to the agent's
 * handler one at a time, writes the framed Response. A thrown error becomes a RuntimeError
 * response; Shutdown is answered Ok and ends the process. Anything the agent logs goes to stderr
 * (console.log is redirected: stdout carries frames only).
 *
 * @example
 *   runAgent({ async handle(req) { return req.op === 'init' ? { ok: { agent: 'mine' } } : { skipped: { reason: 'not yet' } }; } });
 */
import { decodeRequest, encodeResponse, frame, FrameReader, type AgentResult, type DecodedRequest } from '../../runner/agent-codec.js';

export interface AgentHandler {
  handle(req: DecodedRequest): Promise<AgentResult>;
  /** Called once, before the process exits after Shutdown. */
  close?(): Promise<void>;
}

export function runAgent(handler: AgentHandler): void {
  console.log = (...args: unknown[]) => console.error(...args);
  let chain = Promise.resolve();
  const reader = new FrameReader((body) => {
    const copy = Buffer.from(body);
    chain = chain.then(() => serve(handler, copy));
  });
  process.stdin.on('data', (chunk: Buffer) => reader.push(chunk));
  process.stdin.on('end', () => { void chain.then(() => finish(handler, 0)); });
}

async function serve(handler: AgentHandler, body: Buffer): Promise<void> {
  let req: DecodedRequest;
  try {
    req = decodeRequest(body);
  } catch (err) {
    process.stderr.write(`agent: undecodable request: ${(err as Error).message}\n`);
    return;
  }
  let result: AgentResult;
  try {
    result = req.op === 'shutdown' ? { ok: {} } : await handler.handle(req);
  } catch (err) {
    result = { runtimeError: { message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) } };
  }
  await write(frame(encodeResponse(req.id, result)));
  if (req.op === 'shutdown') await finish(handler, 0);
}

function write(bytes: Buffer): Promise<void> {
  return new Promise((resolve) => { if (process.stdout.write(bytes)) resolve(); else process.stdout.once('drain', () => resolve()); });
}

async function finish(handler: AgentHandler, code: number): Promise<never> {
  try { await handler.close?.(); } catch { /* exiting anyway */ }
  process.exit(code);
}

/** The deadline of a wait inside a step: what the runner allows, minus a margin to answer in. */
export function stepBudgetMs(req: DecodedRequest, wanted: number): number {
  const cap = req.deadlineMs > 0 ? Math.max(50, req.deadlineMs - 500) : wanted;
  return Math.min(wanted > 0 ? wanted : cap, cap);
}
