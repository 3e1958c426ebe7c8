/** Name registry: names as gateway ids for any PID; the `$registry` service actor. */
export { NameRegistry, NameRequest, type Registrant } from './name-registry.js';
export { InProcessNameDirectory, type NameDirectory, type NameEntry } from './name-directory.js';
