/**
 * RemoteProcess: what a PID at another node's address resolves to. User messages
 * are serialized into envelopes (headers and request ids preserved); Watch and
 * Unwatch are also recorded so a lost endpoint can notify local watchers.
 */
import { InvalidArgumentError, RosettaError, type WireEnvelope, type WirePid } from '../../protocol/index.js';
import { DeadLetterResponse, FutureProcess, MessageEnvelope, PID, Unwatch, Watch, stopMessage, type ActorSystem, type Process } from '../actors/index.js';
import type { EndpointManager } from './endpoint-manager.js';
import type { MessageSerialization } from '../serialization/message-serialization.js';

export class RemoteProcess implements Process {
  constructor(
    private readonly system: ActorSystem,
    private readonly manager: EndpointManager,
    private readonly serialization: MessageSerialization,
    private readonly allowedSerializers: (address: string) => readonly number[],
  ) {}

  private wirePid(pid: PID): WirePid {
    const local = this.system.registry.isLocal(pid);
    // A local future leaving the process must be findable by id when the reply comes back.
    if (local && pid._p instanceof FutureProcess) pid._p.ensureRegistered();
    return { address: local ? this.system.address : pid.address, id: pid.id, requestId: pid.requestId };
  }

  sendUserMessage(pid: PID, message: unknown, sender?: PID): void {
    let inner = message instanceof MessageEnvelope ? message.message : message;
    // A Proto.Actor node cannot decode rosetta.v1.Error (legacy Go even panics on unknown
    // types): a typed error reply becomes DeadLetterResponse, which its future reports as ErrDeadLetter.
    if (inner instanceof RosettaError) inner = new DeadLetterResponse(undefined);
    const headers = message instanceof MessageEnvelope ? { ...message.headers } : undefined;
    let wire;
    try {
      wire = this.serialization.toWire(inner);
      if (!this.allowedSerializers(pid.address).includes(wire.serializerId)) {
        throw new InvalidArgumentError(`serializer ${wire.serializerId} is not accepted by ${pid.address}`);
      }
    } catch (err) {
      // Not silently dropped: a dead letter, and a requester gets the typed error.
      this.system.deadLetters.sendUserMessage(pid, inner, undefined);
      if (sender) this.system.sendUser(sender, err, undefined);
      return;
    }
    const envelope: WireEnvelope = {
      target: this.wirePid(pid),
      sender: sender ? this.wirePid(sender) : undefined,
      typeName: wire.typeName,
      serializerId: wire.serializerId,
      payload: wire.payload,
      headers,
    };
    this.manager.send(envelope);
  }

  sendSystemMessage(pid: PID, message: unknown): void {
    if (message instanceof Watch) this.manager.watch(pid, message.watcher);
    else if (message instanceof Unwatch) this.manager.unwatch(pid, message.watcher);
    this.sendUserMessage(pid, message);
  }

  stop(pid: PID): void {
    this.sendSystemMessage(pid, stopMessage);
  }
}
