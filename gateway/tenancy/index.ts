/** Tenant spaces: one actor system per tenant. */
export { TenantSpaces, DEFAULT_TENANT, standaloneSpace, type TenantSpace, type TenantSpacesOptions, type SpacesShutdownReport } from './tenant-spaces.js';
export { TenantQuota, DEFAULT_QUOTA, UNLIMITED_QUOTA, type QuotaLimits, type QuotaKind } from './tenant-quota.js';
