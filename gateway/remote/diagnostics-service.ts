/**
 * The two unary calls of `remote.Remoting` besides `Receive`: `ListProcesses`
 * (local process ids matching a part, an exact string or a regex) and
 * `GetProcessDiagnostics` (a JSON description of one process). Each call is
 * authenticated like a stream (bearer token) and answers from the caller's tenant
 * space only; with a token, only ids the token may send to are listed or described.
 */
import * as grpc from '@grpc/grpc-js';
import { listProcessIds, describeProcess, processMatcher, type ActorSystem, type ProcessMatch } from '../actors/index.js';
import { UnauthenticatedError } from '../../protocol/index.js';
import { permits, type Principal } from '../auth/index.js';
import { bearerToken } from './bearer-token.js';
import type { TypeRegistry } from '../serialization/type-registry.js';

/** Most ids one ListProcesses answer carries. */
const MAX_LISTED = 10_000;
const MATCH: ProcessMatch[] = ['part', 'exact', 'regex'];

type Unary = (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => void;

export interface DiagnosticsHost {
  types: TypeRegistry;
  address(): string;
  authenticate?: (token: string | undefined) => Promise<Principal>;
  /** The actor system of a tenant (of the default space when authentication is off). */
  systemFor(principal: Principal | undefined): ActorSystem;
}

export function diagnosticsHandlers(host: DiagnosticsHost): { ListProcesses: Unary; GetProcessDiagnostics: Unary } {
  const type = (name: string) => host.types.lookup(name)!;
  const visible = (p: Principal | undefined, id: string) => p === undefined || permits(p.permissions, 'send', id);
  const unary = (requestType: string, responseType: string, answer: (req: Record<string, any>, p: Principal | undefined) => object): Unary => (call, cb) => {
    const auth = host.authenticate ? host.authenticate(bearerToken(call.metadata)) : Promise.resolve(undefined);
    auth.then((p) => {
      let req: Record<string, any>;
      try {
        const t = type(requestType);
        req = t.toObject(t.decode(call.request), { defaults: true, enums: Number }) as Record<string, any>;
      } catch (err) {
        cb({ code: grpc.status.INVALID_ARGUMENT, details: `malformed ${requestType}: ${(err as Error).message}` });
        return;
      }
      let res: object;
      try {
        res = answer(req, p);
      } catch (err) {
        const e = err as Error & { grpcCode?: number };
        cb({ code: e.grpcCode ?? grpc.status.INVALID_ARGUMENT, details: e.message });
        return;
      }
      const t = type(responseType);
      cb(null, Buffer.from(t.encode(t.fromObject(res)).finish()));
    }, (err: unknown) => cb({ code: grpc.status.UNAUTHENTICATED, details: err instanceof UnauthenticatedError ? err.message : 'token could not be verified' }));
  };
  return {
    ListProcesses: unary('remote.ListProcessesRequest', 'remote.ListProcessesResponse', (req, p) => {
      const match = MATCH[req['type'] as number];
      if (match === undefined) throw new RangeError(`unknown match type ${req['type']}`);
      const accept = processMatcher(String(req['pattern']), match);
      const ids = listProcessIds(host.systemFor(p), (id) => accept(id) && visible(p, id), MAX_LISTED);
      return { pids: ids.map((Id) => ({ Address: host.address(), Id })) };
    }),
    GetProcessDiagnostics: unary('remote.GetProcessDiagnosticsRequest', 'remote.GetProcessDiagnosticsResponse', (req, p) => {
      const id = String(req['pid']?.['Id'] ?? '');
      const described = id && visible(p, id) ? describeProcess(host.systemFor(p), id) : undefined;
      if (described === undefined) throw Object.assign(new Error(`no local process '${id}'`), { grpcCode: grpc.status.NOT_FOUND });
      return { diagnostics_string: described };
    }),
  };
}
