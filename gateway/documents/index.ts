export { DocumentSpaces, type DocumentSpacesOptions } from './document-spaces.js';
export { crdtAccessOf } from './crdt-access.js';
export { crdtTenantService } from './crdt-tenant-service.js';
