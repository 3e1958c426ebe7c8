/** Replicated documents for the Rosetta client (`rosetta/client/documents`): Y.Docs synced over the client's session. */
export { SyncedDocuments } from './synced-documents.js';
export { SyncedDocument } from './synced-document.js';
