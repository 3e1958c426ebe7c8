/** Tenant spaces: one actor system per tenant. */
export { TenantSpaces, DEFAULT_TENANT, type TenantSpace } from './tenant-spaces.js';
