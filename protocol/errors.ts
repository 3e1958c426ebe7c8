/**
 * Typed errors shared by every Rosetta module and transport.
 *
 * One base class, `RosettaError`, carries a gRPC canonical status name in `code`
 * (the same string every language's adapter exposes) and one subclass per code,
 * so callers can `instanceof` or switch on `err.code`. Wire encodings carry the
 * numeric status from `StatusCode`.
 *
 * @example
 *   try { await root.requestFuture(pid, msg, 50) }
 *   catch (e) { if (e instanceof DeadlineExceededError) retry() }
 */

/** gRPC canonical status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
export const StatusCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export type StatusName = keyof typeof StatusCode;

const NAMES: readonly StatusName[] = (Object.keys(StatusCode) as StatusName[]).sort(
  (a, b) => StatusCode[a] - StatusCode[b],
);

/** Canonical name for a numeric status; unknown numbers map to `UNKNOWN`. */
export function statusName(code: number): StatusName {
  return NAMES[code] ?? 'UNKNOWN';
}

/** `reason`: a stable, machine-readable refinement of the code (e.g. `expired`, `foreign-sender`). */
export interface RosettaErrorOptions extends ErrorOptions {
  reason?: string;
}

export class RosettaError extends Error {
  readonly code: StatusName;
  /** A stable, machine-readable reason within the code, when there is one (PROTOCOL.md lists them). */
  readonly reason: string | undefined;
  constructor(code: StatusName, message: string, options?: RosettaErrorOptions) {
    super(message, options);
    this.code = code;
    this.reason = options?.reason;
    this.name = this.constructor.name;
  }
  /** Numeric gRPC status for the wire. */
  get status(): number {
    return StatusCode[this.code];
  }
}

export class CancelledError extends RosettaError {
  constructor(message = 'cancelled', options?: RosettaErrorOptions) { super('CANCELLED', message, options); }
}
export class InvalidArgumentError extends RosettaError {
  constructor(message: string, options?: RosettaErrorOptions) { super('INVALID_ARGUMENT', message, options); }
}
export class DeadlineExceededError extends RosettaError {
  constructor(message = 'deadline exceeded', options?: RosettaErrorOptions) { super('DEADLINE_EXCEEDED', message, options); }
}
export class NotFoundError extends RosettaError {
  constructor(message: string, options?: RosettaErrorOptions) { super('NOT_FOUND', message, options); }
}
export class AlreadyExistsError extends RosettaError {
  constructor(message: string, options?: RosettaErrorOptions) { super('ALREADY_EXISTS', message, options); }
}
export class PermissionDeniedError extends RosettaError {
  constructor(message: string, options?: RosettaErrorOptions) { super('PERMISSION_DENIED', message, options); }
}
export class ResourceExhaustedError extends RosettaError {
  constructor(message: string, options?: RosettaErrorOptions) { super('RESOURCE_EXHAUSTED', message, options); }
}
export class FailedPreconditionError extends RosettaError {
  constructor(message: string, options?: RosettaErrorOptions) { super('FAILED_PRECONDITION', message, options); }
}
export class UnimplementedError extends RosettaError {
  constructor(message: string, options?: RosettaErrorOptions) { super('UNIMPLEMENTED', message, options); }
}
export class InternalError extends RosettaError {
  constructor(message: string, options?: RosettaErrorOptions) { super('INTERNAL', message, options); }
}
export class UnavailableError extends RosettaError {
  constructor(message: string, options?: RosettaErrorOptions) { super('UNAVAILABLE', message, options); }
}
export class DataLossError extends RosettaError {
  constructor(message: string, options?: RosettaErrorOptions) { super('DATA_LOSS', message, options); }
}
export class UnauthenticatedError extends RosettaError {
  constructor(message: string, options?: RosettaErrorOptions) { super('UNAUTHENTICATED', message, options); }
}

/**
 * `<reason>: <message>`, the reason machine-readable first and only once — the text a
 * refusal takes where the peer sees only a string (a gRPC status's details, a
 * y-protocols permission-denied message). Without a reason, the message as is.
 */
export function reasonFirst(error: RosettaError, reason: string | undefined = error.reason): string {
  return reason !== undefined && !error.message.startsWith(`${reason}:`) ? `${reason}: ${error.message}` : error.message;
}

/** Builds the subclass matching a wire status, for decoding typed errors received from peers. */
export function errorFromStatus(code: number | StatusName, message: string, options?: RosettaErrorOptions): RosettaError {
  const name = typeof code === 'number' ? statusName(code) : code;
  switch (name) {
    case 'CANCELLED': return new CancelledError(message, options);
    case 'INVALID_ARGUMENT': return new InvalidArgumentError(message, options);
    case 'DEADLINE_EXCEEDED': return new DeadlineExceededError(message, options);
    case 'NOT_FOUND': return new NotFoundError(message, options);
    case 'ALREADY_EXISTS': return new AlreadyExistsError(message, options);
    case 'PERMISSION_DENIED': return new PermissionDeniedError(message, options);
    case 'RESOURCE_EXHAUSTED': return new ResourceExhaustedError(message, options);
    case 'FAILED_PRECONDITION': return new FailedPreconditionError(message, options);
    case 'UNIMPLEMENTED': return new UnimplementedError(message, options);
    case 'INTERNAL': return new InternalError(message, options);
    case 'UNAVAILABLE': return new UnavailableError(message, options);
    case 'DATA_LOSS': return new DataLossError(message, options);
    case 'UNAUTHENTICATED': return new UnauthenticatedError(message, options);
    default: return new RosettaError(name, message, options);
  }
}
