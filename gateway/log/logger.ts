/** Minimal structured logger for the transports; tokens and payloads are never logged. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const consoleLogger: Logger = {
  info: (msg, f) => console.error(JSON.stringify({ level: 'info', msg, ...f })),
  warn: (msg, f) => console.error(JSON.stringify({ level: 'warn', msg, ...f })),
  error: (msg, f) => console.error(JSON.stringify({ level: 'error', msg, ...f })),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
