import type { LogLevel } from '@nestjs/common';

/** Log levels by severity, most severe first; LOG_LEVEL names one of them. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Nest calls its informational level "log"; in the JSON lines it is "info". */
export function fromNestLevel(level: LogLevel): LogLevelName {
  return level === 'log' ? 'info' : level;
}

export function isLevelEnabled(level: LogLevelName, threshold: LogLevelName): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(threshold);
}
