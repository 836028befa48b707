import { clickWait } from './click-wait';

const now = new Date('2026-03-10T12:00:00Z');
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);

describe('click wait', () => {
  it('decides at once an order without a click id, or whose click is stored', () => {
    expect(clickWait({ parkedAt: null }, false, now, 60)).toEqual({ verdict: 'DECIDE' });
    expect(clickWait({ clickId: 'k1', parkedAt: null }, true, now, 60)).toEqual({ verdict: 'DECIDE' });
  });

  it('parks an order just received whose click is not stored yet', () => {
    expect(clickWait({ clickId: 'k1', parkedAt: null }, false, now, 60)).toEqual({ verdict: 'WAIT' });
  });

  it('decides with the click a parked order whose click has come, however long it waited', () => {
    expect(clickWait({ clickId: 'k1', parkedAt: minutesAgo(5) }, true, now, 60)).toEqual({ verdict: 'DECIDE' });
    expect(clickWait({ clickId: 'k1', parkedAt: minutesAgo(500) }, true, now, 60)).toEqual({ verdict: 'DECIDE' });
  });

  it('keeps a parked order waiting inside the grace period, counted from when it was parked', () => {
    expect(clickWait({ clickId: 'k1', parkedAt: minutesAgo(59) }, false, now, 60)).toEqual({ verdict: 'WAIT' });
  });

  it('decides without the click once the grace period has passed, saying how long it waited', () => {
    expect(clickWait({ clickId: 'k1', parkedAt: minutesAgo(60) }, false, now, 60)).toEqual({ verdict: 'DECIDE_WITHOUT_CLICK', waitedMinutes: 60 });
    expect(clickWait({ clickId: 'k1', parkedAt: new Date(minutesAgo(61).getTime() - 30_000) }, false, now, 60)).toEqual({ verdict: 'DECIDE_WITHOUT_CLICK', waitedMinutes: 61 });
  });

  it('waits for nothing with a grace period of 0, and lets go of what was parked before it was set so', () => {
    expect(clickWait({ clickId: 'k1', parkedAt: null }, false, now, 0)).toEqual({ verdict: 'DECIDE' });
    expect(clickWait({ clickId: 'k1', parkedAt: minutesAgo(3) }, false, now, 0)).toEqual({ verdict: 'DECIDE_WITHOUT_CLICK', waitedMinutes: 3 });
  });
});
