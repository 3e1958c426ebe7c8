/** WebSocket transport: rosetta.v1.msgpack for browsers and light clients. */
export { WsGateway, type WsGatewayOptions } from './ws-gateway.js';
export { CloseCode } from '../../protocol/index.js';
