import { z } from 'zod';
import { ConfigError } from './config-error';
import { bool, csvList, integer, isSecretField, logLevel, nodeEnv, port, secret, url } from './env-fields';
import { loadConfig } from './load-config';
import { runService, startupFailureLine } from './run-service';
import { scrubSecrets } from '../secrets';

const enrollmentSchema = z.object({
  NODE_ENV: nodeEnv,
  LOG_LEVEL: logLevel,
  ENROLLMENT_PORT: port(4001),
  DATABASE_URL: url({ protocols: ['postgres', 'postgresql'] }),
  KAFKA_BROKERS: csvList(['127.0.0.1:9092']),
  DEMO_DATA: bool(false),
  SESSION_SECRET: secret({ minLength: 16 }),
  STRIPE_SECRET_KEY: secret({ optional: true }),
});

const validEnv = {
  DATABASE_URL: 'postgres://streetteam@127.0.0.1:5432/streetteam',
  SESSION_SECRET: 'a-session-secret-of-32-characters',
};

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('does apply defaults when optional variables are unset', () => {
    const config = loadConfig(enrollmentSchema, validEnv);
    expect(config).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      ENROLLMENT_PORT: 4001,
      DATABASE_URL: validEnv.DATABASE_URL,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      DEMO_DATA: false,
      SESSION_SECRET: validEnv.SESSION_SECRET,
      STRIPE_SECRET_KEY: undefined,
    });
  });

  it('does parse typed values when variables are set', () => {
    const config = loadConfig(enrollmentSchema, {
      ...validEnv,
      NODE_ENV: 'production',
      LOG_LEVEL: 'DEBUG',
      ENROLLMENT_PORT: ' 8080 ',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092,,',
      DEMO_DATA: 'yes',
    });
    expect(config.NODE_ENV).toBe('production');
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.ENROLLMENT_PORT).toBe(8080);
    expect(config.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092']);
    expect(config.DEMO_DATA).toBe(true);
  });

  it('does treat a blank variable as unset when it has a default', () => {
    expect(loadConfig(enrollmentSchema, { ...validEnv, ENROLLMENT_PORT: '' }).ENROLLMENT_PORT).toBe(4001);
  });

  it('does name every bad variable on one line when several are wrong', () => {
    const error = configErrorOf(() =>
      loadConfig(enrollmentSchema, { SESSION_SECRET: validEnv.SESSION_SECRET, ENROLLMENT_PORT: 'abc' }),
    );
    expect(error.message).toBe(
      'Invalid configuration: ENROLLMENT_PORT must be an integer (got "abc"); DATABASE_URL is required',
    );
    expect(error.message).not.toContain('\n');
  });

  it('does explain range, scheme, enum and boolean problems when values are malformed', () => {
    const error = configErrorOf(() =>
      loadConfig(enrollmentSchema, {
        ...validEnv,
        ENROLLMENT_PORT: '70000',
        DATABASE_URL: 'mysql://127.0.0.1/db',
        NODE_ENV: 'staging',
        DEMO_DATA: 'maybe',
      }),
    );
    expect(error.problems).toEqual([
      'NODE_ENV must be one of development, test, production (got "staging")',
      'ENROLLMENT_PORT must be between 1 and 65535 (got "70000")',
      'DATABASE_URL must be a postgres or postgresql URL (got "mysql://127.0.0.1/db")',
      'DEMO_DATA must be true or false (got "maybe")',
    ]);
  });

  it('does name a secret without its value when the secret is invalid', () => {
    const error = configErrorOf(() => loadConfig(enrollmentSchema, { ...validEnv, SESSION_SECRET: 'short-secret' }));
    expect(error.message).toBe('Invalid configuration: SESSION_SECRET must be at least 16 characters');
    expect(error.message).not.toContain('short-secret');
  });

  it('does hide values of plain zod fields when their names look secret', () => {
    const schema = z.object({ API_TOKEN: z.string().regex(/^tok_/) });
    const error = configErrorOf(() => loadConfig(schema, { API_TOKEN: 'leaked-value' }));
    expect(error.message).toBe('Invalid configuration: API_TOKEN has an invalid format');
  });

  it('does describe plain zod problems in the same words when services use zod directly', () => {
    const schema = z.object({ REGION: z.enum(['eu', 'us']), WORKERS: z.coerce.number().int().min(1) });
    const error = configErrorOf(() => loadConfig(schema, { WORKERS: '0' }));
    expect(error.message).toBe('Invalid configuration: REGION is required; WORKERS must be at least 1 (got "0")');
  });

  it('does scrub a loaded secret from text when it appears later', () => {
    loadConfig(enrollmentSchema, { ...validEnv, SESSION_SECRET: 'scrub-me-please-0123456789' });
    expect(scrubSecrets('token=scrub-me-please-0123456789 end')).toBe('token=[REDACTED] end');
  });

  it('does scrub passwords inside connection strings', () => {
    expect(scrubSecrets('connect postgres://app:hunter2@db:5432/x failed')).toBe(
      'connect postgres://app:[REDACTED]@db:5432/x failed',
    );
  });

  it('does recognise secret fields when wrapped in optional or default', () => {
    expect(isSecretField(secret().optional())).toBe(true);
    expect(isSecretField(secret().default('x'))).toBe(true);
    expect(isSecretField(url())).toBe(false);
  });

  it('does enforce integer bounds when a range is given', () => {
    const schema = z.object({ POOL_SIZE: integer(10, { min: 1, max: 50 }) });
    expect(loadConfig(schema, {}).POOL_SIZE).toBe(10);
    expect(() => loadConfig(schema, { POOL_SIZE: '51' })).toThrow('POOL_SIZE must be between 1 and 50 (got "51")');
  });

  it('does accept an unset optional url and use a default url when given', () => {
    const schema = z.object({
      KAFKA_URL: url({ optional: true }),
      STRIPE_API_URL: url({ default: 'http://127.0.0.1:12111' }),
    });
    expect(loadConfig(schema, {})).toEqual({ KAFKA_URL: undefined, STRIPE_API_URL: 'http://127.0.0.1:12111' });
    expect(() => loadConfig(schema, { KAFKA_URL: 'not a url' })).toThrow('KAFKA_URL must be a URL (got "not a url")');
  });
});

describe('runService', () => {
  function captured() {
    const lines: string[] = [];
    const exits: number[] = [];
    return {
      lines,
      exits,
      io: { stderr: { write: (text: string) => lines.push(text) }, exit: (code: number) => exits.push(code) },
    };
  }

  it('does print the config error alone and exit 1 when configuration is invalid', async () => {
    const { lines, exits, io } = captured();
    await runService(async () => loadConfig(enrollmentSchema, {}), io);
    expect(lines).toEqual(['Invalid configuration: DATABASE_URL is required; SESSION_SECRET is required\n']);
    expect(exits).toEqual([1]);
  });

  it('does print one line with the throwing frame and exit 1 when start-up fails otherwise', async () => {
    const { lines, exits, io } = captured();
    await runService(async () => {
      throw new Error('listen EADDRINUSE: address already in use\n127.0.0.1:4001');
    }, io);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Start-up failed: Error: listen EADDRINUSE: address already in use 127\.0\.0\.1:4001 \(at .+\)\n$/);
    expect(exits).toEqual([1]);
  });

  it('does nothing more when main succeeds', async () => {
    const { lines, exits, io } = captured();
    await runService(async () => 'started', io);
    expect(lines).toEqual([]);
    expect(exits).toEqual([]);
  });

  it('does describe thrown non-errors when something throws a string', () => {
    expect(startupFailureLine('boom')).toBe('Start-up failed: boom');
  });
});
