import { isTransientError } from './transient-errors';

describe('isTransientError', () => {
  it('treats a refused database connection as transient', () => {
    expect(isTransientError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
  });

  it('treats a serialization failure as transient', () => {
    expect(isTransientError({ code: '40001', message: 'could not serialize access' })).toBe(true);
  });

  it('treats a bug in a handler as permanent', () => {
    expect(isTransientError(new TypeError('cannot read properties of undefined'))).toBe(false);
  });

  it('treats a constraint violation as permanent', () => {
    expect(isTransientError({ code: '23505', message: 'duplicate key value' })).toBe(false);
  });
});
