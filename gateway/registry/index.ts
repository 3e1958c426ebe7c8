/** Name registry: names as gateway ids for any PID; the `$registry` service actor. */
export { NameRegistry, NameRequest, type Registrant } from './name-registry.js';
