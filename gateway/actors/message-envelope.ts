/**
 * MessageEnvelope wraps a user message only when it carries headers (W3C
 * `traceparent`, …). Plain sends, and sends with only a sender, never allocate one:
 * the mailbox stores the sender beside the message.
 */
export type MessageHeaders = Readonly<Record<string, string>>;

export const emptyHeaders: MessageHeaders = Object.freeze({});

export class MessageEnvelope {
  constructor(readonly message: unknown, readonly headers: MessageHeaders) {}
}

export function unwrapMessage(m: unknown): unknown {
  return m instanceof MessageEnvelope ? m.message : m;
}

export function unwrapHeaders(m: unknown): MessageHeaders {
  return m instanceof MessageEnvelope ? m.headers : emptyHeaders;
}
