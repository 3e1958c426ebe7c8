/** Every case, in the order the runner runs them. */
import type { CaseDef } from '../runner/case.js';
import { authCases } from './auth.js';
import { crdtCases } from './crdt.js';
import { errorCases } from './errors.js';
import { lifecycleCases } from './lifecycle.js';
import { messagingCases } from './messaging.js';
import { recommendedCases } from './recommended.js';
import { tenancyCases } from './tenancy.js';

export const ALL_CASES: CaseDef[] = [...messagingCases, ...lifecycleCases, ...errorCases, ...authCases, ...tenancyCases, ...crdtCases, ...recommendedCases];
