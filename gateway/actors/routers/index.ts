/** Routers: round-robin, random, broadcast and consistent-hash, as groups and pools. */
export { Routers } from './router.js';
export { AddRoutee, RemoveRoutee, GetRoutees, Routees, BroadcastMessage, type Hashable } from './router-messages.js';
export { RoundRobinStrategy, RandomStrategy, BroadcastStrategy, type RoutingStrategy } from './routing-strategy.js';
export { ConsistentHashStrategy, hashKey } from './consistent-hash.js';
