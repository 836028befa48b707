import { callerAddress, isKnownBot, judgeClicks, redirectTemplate } from './click-rules';

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));
const browser = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
const click = (minutes: number, over: Partial<{ addressHash: string; linkId: string; userAgent: string }> = {}) => ({
  clickId: `c${minutes}`,
  linkId: over.linkId ?? 'l1',
  addressHash: over.addressHash ?? 'a1',
  agentHash: 'g1',
  userAgent: over.userAgent ?? browser,
  clickedAt: at(minutes),
});

describe('click rules', () => {
  it('counts a repeat from the same address and agent within 30 minutes once', () => {
    const verdicts = judgeClicks([click(0), click(10), click(29), click(31), click(40)], new Map());
    expect(verdicts.map((v) => v.counted)).toEqual([true, false, false, true, false]);
  });

  it('counts another address, or another link, on its own', () => {
    const verdicts = judgeClicks([click(0), click(1, { addressHash: 'a2' }), click(2, { linkId: 'l2' })], new Map());
    expect(verdicts.every((v) => v.counted)).toBe(true);
  });

  it('remembers the last counted click across batches', () => {
    const last = new Map<string, Date>();
    judgeClicks([click(0)], last);
    expect(judgeClicks([click(5)], last)).toEqual([{ counted: false, reason: 'REPEAT' }]);
  });

  it('never counts known bots or an empty agent', () => {
    for (const ua of ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'facebookexternalhit/1.1', 'curl/8.4.0', 'Slackbot-LinkExpanding 1.0', '']) {
      expect(isKnownBot(ua)).toBe(true);
    }
    expect(isKnownBot(browser)).toBe(false);
    expect(judgeClicks([click(0, { userAgent: 'curl/8.0' })], new Map())).toEqual([{ counted: false, reason: 'BOT' }]);
  });

  it('believes X-Forwarded-For only from a loopback proxy', () => {
    expect(callerAddress('::ffff:127.0.0.1', '203.0.113.9, 127.0.0.1')).toBe('203.0.113.9');
    expect(callerAddress('198.51.100.1', '203.0.113.9')).toBe('198.51.100.1');
    expect(callerAddress('127.0.0.1', undefined)).toBe('127.0.0.1');
  });

  it('adds the click id before a fragment, with ? or &', () => {
    expect(redirectTemplate('https://shop.example/a')).toEqual({ prefix: 'https://shop.example/a?st_click=', suffix: '' });
    expect(redirectTemplate('https://shop.example/a?utm_source=x#top')).toEqual({ prefix: 'https://shop.example/a?utm_source=x&st_click=', suffix: '#top' });
  });
});
