// A gateway hosting your own actor, and a client talking to it — the whole program.
// Run it from a project that installed the package (npm install rosetta-x.y.z.tgz): node own-actors.mjs
import { Gateway, Props, silentLogger } from 'rosetta';
import { RosettaClient } from 'rosetta/client';

// An actor: answers a string with a greeting.
const greeter = Props.fromFunc((ctx) => {
  if (typeof ctx.message === 'string') ctx.respond(`hello, ${ctx.message}`);
});

// The gateway, with `greeter` hosted in every tenant's space (free ports; no auth).
const gateway = await Gateway.start({ grpc: { port: 0 }, ws: { port: 0 }, logger: silentLogger }, {
  setup: (tenant) => tenant.actor('greeter', greeter),
});

// A client over WebSocket (Go nodes would use gateway.addresses.grpc).
const client = await RosettaClient.connect({ url: gateway.addresses.ws });
console.log(await client.request({ id: 'greeter' }, 'world')); // hello, world
client.close();
await gateway.stop();
