/**
 * A stock y-websocket provider in Node, as a browser would open one against the
 * gateway's /yjs endpoint (room in the path, token in `params`), and its full
 * disposal: `WebsocketProvider.destroy()` leaves the Awareness it created running
 * (a 3 s interval that keeps a test process alive); destroying it too ends the
 * provider's every timer.
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';

export function openStockProvider(url: string, room: string, doc: Y.Doc, token: string): WebsocketProvider {
  return new WebsocketProvider(url, room, doc, { WebSocketPolyfill: WebSocket as any, params: { token }, disableBc: true });
}

export function closeStockProvider(provider: WebsocketProvider | undefined): void {
  if (!provider) return;
  provider.destroy();
  provider.awareness.destroy();
}

/** Resolves once the provider has synced with the server. */
export function stockProviderSynced(provider: WebsocketProvider): Promise<void> {
  return new Promise((resolve) => {
    if (provider.synced) return resolve();
    const onSync = (synced: boolean) => { if (synced) { provider.off('sync', onSync); resolve(); } };
    provider.on('sync', onSync);
  });
}
