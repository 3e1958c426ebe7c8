/**
 * Public API of the actor runtime. No transport is imported here: gRPC and
 * WebSocket attach through `ProcessRegistry.registerAddressResolver`.
 */
export { PID, pidEquals, pidKey, pidToString } from './pid.js';
export type { Process } from './process.js';
export { ProcessRegistry, NO_HOST, type AddressResolver, type LocalResolver } from './process-registry.js';
export type { Actor, Producer, Receive } from './actor.js';
export { Props, type ReceiveMiddleware } from './props.js';
export type { Context, SenderContext, SpawnerContext, StopperContext } from './context.js';
export { ActorSystem, ACTOR_LIMIT_REASON, type ActorSystemOptions } from './actor-system.js';
export type { ShutdownReport } from './system-shutdown.js';
export { RootContext } from './root-context.js';
export { MessageEnvelope, emptyHeaders, unwrapMessage, unwrapHeaders, type MessageHeaders } from './message-envelope.js';
export {
  SystemMessage, AutoReceiveMessage, Started, Stopping, Stopped, Restarting, ReceiveTimeout, PoisonPill, Stop, Restart,
  Watch, Unwatch, Terminated, TerminatedReason, Failure, DeadLetterResponse, ResumeMailbox, SuspendMailbox,
  startedMessage, stoppingMessage, stoppedMessage, restartingMessage, poisonPillMessage, receiveTimeoutMessage, stopMessage,
  isSystemMessage,
} from './messages.js';
export { EventStream, type Subscription } from './event-stream.js';
export {
  DeadLetterEvent, ActorFailureEvent, SupervisorEvent, MailboxOverflowEvent, ActorStartedEvent, ActorStoppedEvent,
  ActorRestartedEvent, ActivatedEvent, PassivatedEvent,
} from './events.js';
export { DeadLetterProcess, type DeadLetterSink } from './dead-letter.js';
export { FutureProcess, DeadLetterError } from './future.js';
export { Priority, DEFAULT_THROUGHPUT, type MailboxOptions, type OverflowPolicy } from './mailbox-options.js';
export type { Cancelable } from './timers.js';
export { Directive, type Decider, type Supervisor, type SupervisorStrategy } from './supervision/supervisor-strategy.js';
export { OneForOneStrategy, defaultSupervisorStrategy } from './supervision/one-for-one.js';
export { AllForOneStrategy } from './supervision/all-for-one.js';
export { ExponentialBackoffStrategy, type BackoffOptions } from './supervision/exponential-backoff.js';
export { RestartStatistics } from './supervision/restart-statistics.js';
export { KindRegistry, type KindOptions } from './virtual/kind-registry.js';
export type { SweepResult } from './virtual/passivation-sweep.js';
export { MemoryGuard, type MemoryGuardOptions, type HeapReading } from './virtual/memory-guard.js';
export * from './routers/index.js';
export { processMatcher, listProcessIds, describeProcess, type ProcessMatch } from './process-diagnostics.js';
export { noopMetrics, MetricsRegistry, type Metrics, type Counter, type Gauge, type Histogram, type Labels } from './metrics.js';
export { SystemMetrics } from './system-metrics.js';
