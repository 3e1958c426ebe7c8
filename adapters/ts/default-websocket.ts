/**
 * The WebSocket implementation a client uses when none is passed: the platform's
 * global one (browsers, Node ≥ 22), else the `ws` package (Node 20, which has no
 * global WebSocket). `ws` is loaded only then — the browser bundle marks it
 * external and never reaches the import.
 */
export type SocketCtor = new (url: string, protocols: string[]) => unknown;

export async function defaultWebSocket(): Promise<SocketCtor | undefined> {
  const global = (globalThis as { WebSocket?: SocketCtor }).WebSocket;
  if (global !== undefined) return global;
  try {
    const ws = (await import('ws')) as { WebSocket?: SocketCtor; default?: SocketCtor };
    return ws.WebSocket ?? ws.default;
  } catch {
    return undefined;
  }
}
