/** Name registry: names as gateway ids for any PID; the `$registry` service actor. */
export { NameRegistry } from './name-registry.js';
