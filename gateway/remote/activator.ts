/**
 * The `activator` actor: answers Proto.Actor remote spawn requests
 * (`remote.ActorPidRequest{name, kind}`) for kinds registered with
 * `remote.register(kind, props)`, with Proto.Actor's status codes. Spawned actors
 * are its children, named `Remote$<name>` as protoactor-go names them.
 */
import { AlreadyExistsError } from '../../protocol/index.js';
import { Props, type Context } from '../actors/index.js';
import { ActorPidRequest, ActorPidResponse, ActorPidStatus } from '../serialization/typed-message.js';

export function activatorProps(kinds: ReadonlyMap<string, Props>): Props {
  return Props.fromFunc((ctx: Context) => {
    const m = ctx.message;
    if (!(m instanceof ActorPidRequest)) return;
    const props = kinds.get(m.kind);
    if (!props) {
      ctx.respond(new ActorPidResponse(undefined, ActorPidStatus.Error));
      return;
    }
    const name = `Remote$${m.name || ctx.system.registry.nextId()}`;
    try {
      ctx.respond(new ActorPidResponse(ctx.spawnNamed(props, name), ActorPidStatus.OK));
    } catch (err) {
      if (err instanceof AlreadyExistsError) ctx.respond(new ActorPidResponse(ctx.system.pid(`${ctx.self.id}/${name}`), ActorPidStatus.ProcessNameAlreadyExists));
      else ctx.respond(new ActorPidResponse(undefined, ActorPidStatus.Error));
    }
  });
}
