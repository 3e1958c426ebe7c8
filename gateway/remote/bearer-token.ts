/** The token of a gRPC call's `authorization: Bearer <token>` metadata, or undefined. */
import type { Metadata } from '@grpc/grpc-js';

export function bearerToken(metadata: Metadata): string | undefined {
  const header = metadata.get('authorization')[0];
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}
