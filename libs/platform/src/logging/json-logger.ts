import type { LoggerService, LogLevel } from '@nestjs/common';
import { scrubSecrets } from '../secrets';
import { currentCorrelation } from './correlation';
import { fromNestLevel, isLevelEnabled, LogLevelName } from './log-level';
import { redact } from './redact';

export interface JsonLoggerOptions {
  /** Service name written on every line. */
  service: string;
  /** Least severe level written (LOG_LEVEL); info by default. */
  level?: LogLevelName;
  /** Where lines go; stdout by default. Receives one JSON document without the newline. */
  write?: (line: string) => void;
}

// Fields a caller's extras may not overwrite: a log line's identity must be trustworthy.
const RESERVED_KEYS = new Set(['time', 'level', 'service', 'context', 'msg', 'correlationId', 'causationId']);

/**
 * Nest LoggerService writing one JSON object per line:
 * `{ time, level, service, context, msg, correlationId?, causationId?, ...fields }`.
 * The message may be text, an Error, or an object whose `msg` (or `message`) is the text
 * and whose other keys become fields; secret-looking keys and known secret values are
 * redacted.
 */
export class JsonLogger implements LoggerService {
  readonly service: string;
  private threshold: LogLevelName;
  private enabledLevels: ReadonlySet<LogLevelName> | undefined;
  private readonly write: (line: string) => void;

  constructor(options: JsonLoggerOptions) {
    this.service = options.service;
    this.threshold = options.level ?? 'info';
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.emit('info', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.emit('error', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.emit('warn', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.emit('debug', message, optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.emit('verbose', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.emit('fatal', message, optionalParams);
  }

  /** Nest's way to pick levels (e.g. `logger: ['error', 'warn']`); replaces the threshold. */
  setLogLevels(levels: LogLevel[]): void {
    this.enabledLevels = new Set(levels.map(fromNestLevel));
  }

  /** Sets the least severe level written, as LOG_LEVEL does. */
  setLevel(level: LogLevelName): void {
    this.threshold = level;
    this.enabledLevels = undefined;
  }

  isEnabled(level: LogLevelName): boolean {
    return this.enabledLevels ? this.enabledLevels.has(level) : isLevelEnabled(level, this.threshold);
  }

  private emit(level: LogLevelName, message: unknown, optionalParams: unknown[]): void {
    if (!this.isEnabled(level)) return;
    const { context, fields } = splitParams(optionalParams);
    const { msg, fields: messageFields } = splitMessage(message);
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      context,
      msg: scrubSecrets(msg),
    };
    const correlation = currentCorrelation();
    if (correlation) {
      entry.correlationId = correlation.correlationId;
      if (correlation.causationId !== undefined) entry.causationId = correlation.causationId;
    }
    const extras = redact({ ...messageFields, ...fields }) as Record<string, unknown>;
    for (const [key, value] of Object.entries(extras)) {
      if (!RESERVED_KEYS.has(key) && value !== undefined) entry[key] = value;
    }
    this.write(JSON.stringify(entry));
  }
}

function looksLikeStack(text: string): boolean {
  return /\n\s+at /.test(text);
}

// Nest's Logger passes `(message, ...params, context)`: a trailing string is the context,
// unless it is a stack trace (`error(message, stack)`); undefined placeholders are skipped.
function splitParams(optionalParams: unknown[]): { context?: string; fields: Record<string, unknown> } {
  const params = optionalParams.filter((param) => param !== undefined);
  let context: string | undefined;
  const last = params[params.length - 1];
  if (typeof last === 'string' && !looksLikeStack(last)) {
    context = last;
    params.pop();
  }
  const fields: Record<string, unknown> = {};
  const details: string[] = [];
  for (const param of params) {
    if (param instanceof Error) fields.err = param;
    else if (typeof param === 'string' && looksLikeStack(param)) fields.stack = param;
    else if (param !== null && typeof param === 'object' && !Array.isArray(param)) Object.assign(fields, param);
    else details.push(String(param));
  }
  if (details.length > 0) fields.details = details;
  return { context, fields };
}

function splitMessage(message: unknown): { msg: string; fields: Record<string, unknown> } {
  if (typeof message === 'string') return { msg: message, fields: {} };
  if (message instanceof Error) return { msg: message.message, fields: { err: message } };
  if (message !== null && typeof message === 'object' && !Array.isArray(message)) {
    const { msg, message: text, ...fields } = message as Record<string, unknown>;
    const chosen = msg ?? text;
    return { msg: typeof chosen === 'string' ? chosen : JSON.stringify(redact(chosen ?? '')), fields };
  }
  return { msg: String(message), fields: {} };
}
