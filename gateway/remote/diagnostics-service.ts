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
import { decodeRequest } from './remoting-service.js';

/** Most ids one ListProcesses answer carries. */
const MAX_LISTED = 10_000;
const MATCH: ProcessMatch[] = ['part', 'exact', 'regex'];

type Unary = (call: grpc.ServerUnaryCall<Buffer, object>, cb: grpc.sendUnaryData<object>) => void;

export interface DiagnosticsHost {
  address(): string;
  authenticate?: (token: string | undefined) => Promise<Principal>;
  /** The actor system of a tenant (of the default space when authentication is off). */
  systemFor(principal: Principal | undefined): ActorSystem;
}

export function diagnosticsHandlers(host: DiagnosticsHost): { ListProcesses: Unary; GetProcessDiagnostics: Unary } {
  const visible = (p: Principal | undefined, id: string) => p === undefined || permits(p.permissions, 'send', id);
  const unary = (method: keyof typeof decodeRequest, answer: (req: Record<string, any>, p: Principal | undefined) => object): Unary => (call, cb) => {
    const auth = host.authenticate ? host.authenticate(bearerToken(call.metadata)) : Promise.resolve(undefined);
    auth.then((p) => {
      let req: Record<string, any>;
      try {
        req = decodeRequest[method](call.request);
      } catch (err) {
        cb({ code: grpc.status.INVALID_ARGUMENT, details: `malformed ${method} request: ${(err as Error).message}` });
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
      cb(null, res);
    }, (err: unknown) => cb({ code: grpc.status.UNAUTHENTICATED, details: err instanceof UnauthenticatedError ? err.message : 'token could not be verified' }));
  };
  return {
    ListProcesses: unary('ListProcesses', (req, p) => {
      const match = MATCH[req['type'] as number];
      if (match === undefined) throw new RangeError(`unknown match type ${req['type']}`);
      const accept = processMatcher(String(req['pattern']), match);
      const ids = listProcessIds(host.systemFor(p), (id) => accept(id) && visible(p, id), MAX_LISTED);
      return { pids: ids.map((Id) => ({ Address: host.address(), Id })) };
    }),
    GetProcessDiagnostics: unary('GetProcessDiagnostics', (req, p) => {
      const id = String(req['pid']?.['Id'] ?? '');
      const described = id && visible(p, id) ? describeProcess(host.systemFor(p), id) : undefined;
      if (described === undefined) throw Object.assign(new Error(`no local process '${id}'`), { grpcCode: grpc.status.NOT_FOUND });
      return { diagnostics_string: described };
    }),
  };
}
