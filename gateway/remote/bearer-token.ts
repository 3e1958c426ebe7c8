/**
 * The token of a gRPC call's `authorization` metadata, or undefined. The scheme is
 * matched case-insensitively (`Bearer`, `bearer`: RFC 6750 / RFC 7235 auth schemes
 * are case-insensitive).
 */
import type { Metadata } from '@grpc/grpc-js';

const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

export function bearerToken(metadata: Metadata): string | undefined {
  const header = metadata.get('authorization')[0];
  if (typeof header !== 'string') return undefined;
  return BEARER.exec(header)?.[1];
}
