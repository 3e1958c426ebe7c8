/**
 * Mailbox configuration. Unbounded by default; a bounded mailbox needs an
 * explicit overflow policy, and every overflow is reported on the event stream
 * (never silent):
 * - `reject`: the new message is refused; a requester gets ResourceExhaustedError.
 * - `drop-newest`: the new message is dropped and reported.
 * - `drop-oldest`: the oldest queued message is evicted and reported.
 * `priority: true` gives three user queues (see `Priority`), served by weighted
 * priority with ageing: higher levels go first, but a waiting lower-priority
 * message is delayed, never starved.
 */
export type OverflowPolicy = 'reject' | 'drop-newest' | 'drop-oldest';

export interface MailboxOptions {
  capacity?: number;
  overflow?: OverflowPolicy;
  priority?: boolean;
}

/** Priority levels of a priority mailbox; a message opts in with a numeric `priority` property. */
export const Priority = { High: 0, Normal: 1, Low: 2 } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

/**
 * Anti-starvation limits: a waiting normal message is served after at most 4
 * higher-priority ones, a waiting low message after at most 8.
 */
export const PRIORITY_SKIP_LIMITS: readonly [number, number, number] = [0, 4, 8];

export const DEFAULT_THROUGHPUT = 300;
