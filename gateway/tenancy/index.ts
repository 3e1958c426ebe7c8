/** Tenant spaces: one actor system per tenant. */
export { TenantSpaces, DEFAULT_TENANT, type TenantSpace, type TenantSpacesOptions, type SpacesShutdownReport } from './tenant-spaces.js';
export { TenantQuota, DEFAULT_QUOTA, UNLIMITED_QUOTA, type QuotaLimits, type QuotaKind } from './tenant-quota.js';
export { tenantSetup, type TenantSetup } from './tenant-setup.js';
