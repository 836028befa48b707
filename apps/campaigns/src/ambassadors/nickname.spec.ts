import { checkNickname, publicName } from './nickname';

describe('nickname', () => {
  it('accepts a tidy nickname and trims it', () => {
    expect(checkNickname('  Street   Queen ', true)).toEqual({ ok: true, nickname: 'Street Queen' });
  });

  it('refuses showing a nickname that is empty', () => {
    expect(checkNickname('', true)).toMatchObject({ ok: false, field: 'nickname' });
    expect(checkNickname(null, false)).toEqual({ ok: true, nickname: null });
  });

  it('refuses too short, too long or odd characters', () => {
    expect(checkNickname('a', true)).toMatchObject({ ok: false });
    expect(checkNickname('x'.repeat(31), true)).toMatchObject({ ok: false });
    expect(checkNickname('<script>', true)).toMatchObject({ ok: false });
  });

  it('shows the nickname only when chosen', () => {
    expect(publicName({ displayName: 'Ana Lima', nickname: 'AL', showNickname: true })).toBe('AL');
    expect(publicName({ displayName: 'Ana Lima', nickname: 'AL', showNickname: false })).toBe('Ana Lima');
  });
});
