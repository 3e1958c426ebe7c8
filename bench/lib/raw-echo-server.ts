/** A raw `ws` echo server in its own process: the baseline the WebSocket benchmark compares against. */
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('listening', () => process.stdout.write(JSON.stringify({ event: 'listening', port: (server.address() as { port: number }).port }) + '\n'));
server.on('connection', (s) => s.on('message', (data, isBinary) => s.send(data, { binary: isBinary })));
