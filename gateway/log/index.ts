/** Structured logging for every layer above the actor core; rate-limited for what peers control. */
export { consoleLogger, silentLogger, type Logger } from './logger.js';
export { RateLimitedLog } from './rate-limited-log.js';
