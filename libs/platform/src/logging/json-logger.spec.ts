import { Logger } from '@nestjs/common';
import { runWithCorrelation } from './correlation';
import { JsonLogger } from './json-logger';

function capturingLogger(level?: 'info' | 'debug' | 'warn') {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const logger = new JsonLogger({
    service: 'campaigns',
    level,
    write: (line) => {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines, raw };
}

describe('JsonLogger', () => {
  it('does write one JSON line with time, level, service, context and msg when logging text', () => {
    const { logger, lines, raw } = capturingLogger();
    logger.log('Campaign launched', 'CampaignService');
    expect(raw).toHaveLength(1);
    expect(raw[0]).not.toContain('\n');
    expect(lines[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      level: 'info',
      service: 'campaigns',
      context: 'CampaignService',
      msg: 'Campaign launched',
    });
  });

  it('does add the correlation and causation ids when called inside a correlation context', () => {
    const { logger, lines } = capturingLogger();
    runWithCorrelation({ correlationId: 'corr-1', causationId: 'event-9' }, () => logger.warn('Late event'));
    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'Late event', correlationId: 'corr-1', causationId: 'event-9' });
  });

  it('does keep extra fields from an object message and from trailing objects', () => {
    const { logger, lines } = capturingLogger();
    logger.log({ msg: 'Commission earned', commissionId: 'c-1', amountMinor: 1250 }, { currency: 'EUR' }, 'Ledger');
    expect(lines[0]).toMatchObject({ msg: 'Commission earned', commissionId: 'c-1', amountMinor: 1250, currency: 'EUR', context: 'Ledger' });
  });

  it('does redact secret-looking keys at any depth when fields carry credentials', () => {
    const { logger, lines } = capturingLogger();
    logger.log({
      msg: 'Calling Stripe',
      headers: { Authorization: 'Bearer sk_live_abc', 'x-request-id': 'r-1' },
      password: 'hunter2',
      accessToken: 't',
      webhookSecret: 's',
      apiKey: 'k',
      nested: [{ refresh_token: 'rt' }],
    });
    expect(lines[0]).toMatchObject({
      headers: { Authorization: '[REDACTED]', 'x-request-id': 'r-1' },
      password: '[REDACTED]',
      accessToken: '[REDACTED]',
      webhookSecret: '[REDACTED]',
      apiKey: '[REDACTED]',
      nested: [{ refresh_token: '[REDACTED]' }],
    });
  });

  it('does not let extra fields overwrite the line identity when keys collide', () => {
    const { logger, lines } = capturingLogger();
    logger.log({ msg: 'x', service: 'spoofed', level: 'fatal', correlationId: 'spoofed' });
    expect(lines[0]).toMatchObject({ service: 'campaigns', level: 'info' });
    expect(lines[0]).not.toHaveProperty('correlationId');
  });

  it('does record the stack when Nest passes error(message, stack, context)', () => {
    const { logger, lines } = capturingLogger();
    const failure = new Error('connection refused');
    logger.error('Relay failed', failure.stack, 'OutboxRelay');
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'Relay failed', context: 'OutboxRelay' });
    expect(lines[0].stack).toContain('connection refused');
  });

  it('does serialise an Error message with its name and stack', () => {
    const { logger, lines } = capturingLogger();
    logger.error(new TypeError('bad payload'));
    expect(lines[0].msg).toBe('bad payload');
    expect(lines[0].err).toMatchObject({ name: 'TypeError', message: 'bad payload' });
  });

  it('does drop lines below the threshold when the level is warn', () => {
    const { logger, lines } = capturingLogger('warn');
    logger.log('chatty');
    logger.debug('chattier');
    logger.warn('heads up');
    logger.error('broken');
    logger.fatal('dead');
    expect(lines.map((line) => line.level)).toEqual(['warn', 'error', 'fatal']);
  });

  it('does write debug lines when the level is debug but not verbose ones', () => {
    const { logger, lines } = capturingLogger('debug');
    logger.debug('details');
    logger.verbose('everything');
    expect(lines.map((line) => line.msg)).toEqual(['details']);
  });

  it('does honour Nest log level lists when setLogLevels is called', () => {
    const { logger, lines } = capturingLogger();
    logger.setLogLevels(['error', 'log']);
    logger.warn('skipped');
    logger.log('kept');
    expect(lines.map((line) => line.msg)).toEqual(['kept']);
  });

  it('does receive lines from a Nest Logger with context when installed as the app logger', () => {
    const { logger, lines } = capturingLogger();
    Logger.overrideLogger(logger);
    try {
      new Logger('PayoutRunService').log('Payout run approved');
      new Logger('PayoutRunService').error('Transfer failed');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(lines.map(({ level, context, msg }) => ({ level, context, msg }))).toEqual([
      { level: 'info', context: 'PayoutRunService', msg: 'Payout run approved' },
      { level: 'error', context: 'PayoutRunService', msg: 'Transfer failed' },
    ]);
  });
});
