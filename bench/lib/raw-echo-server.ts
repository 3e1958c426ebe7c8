/**
 * A raw `ws` server in its own process: the baseline the WebSocket benchmark
 * compares against. On `/sink` it counts binary frames and answers the text frame
 * `count` with the count; elsewhere it echoes every frame back.
 */
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('listening', () => process.stdout.write(JSON.stringify({ event: 'listening', port: (server.address() as { port: number }).port }) + '\n'));
server.on('connection', (s, req) => {
  if (req.url === '/sink') {
    let count = 0;
    s.on('message', (data, isBinary) => { if (isBinary) count++; else s.send(String(count)); });
  } else {
    s.on('message', (data, isBinary) => s.send(data, { binary: isBinary }));
  }
});
