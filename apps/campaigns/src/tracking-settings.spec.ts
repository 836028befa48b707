import { trackingSettingsFromEnv } from './tracking-settings';

describe('tracking settings: which consumers a replica runs', () => {
  it('runs the click and order consumers by default', () => {
    const settings = trackingSettingsFromEnv({ NODE_ENV: 'test' });
    expect(settings.clickConsumer).toBe(true);
    expect(settings.orderConsumer).toBe(true);
  });

  it('turns each off for a redirect-only replica', () => {
    expect(trackingSettingsFromEnv({ NODE_ENV: 'test', CAMPAIGNS_CLICK_CONSUMER: 'off' })).toMatchObject({ clickConsumer: false, orderConsumer: true });
    expect(trackingSettingsFromEnv({ NODE_ENV: 'test', CAMPAIGNS_ORDER_CONSUMER: 'off' })).toMatchObject({ clickConsumer: true, orderConsumer: false });
  });

  it('refuses anything but on or off, naming the variable', () => {
    expect(() => trackingSettingsFromEnv({ NODE_ENV: 'test', CAMPAIGNS_CLICK_CONSUMER: 'false' })).toThrow(/CAMPAIGNS_CLICK_CONSUMER/);
  });
});

describe('tracking settings: how long an order waits for its click', () => {
  it('waits an hour by default, and takes 0 (wait for nothing) up to a week', () => {
    expect(trackingSettingsFromEnv({ NODE_ENV: 'test' }).clickWaitMinutes).toBe(60);
    expect(trackingSettingsFromEnv({ NODE_ENV: 'test', CAMPAIGNS_CLICK_WAIT_MINUTES: '0' }).clickWaitMinutes).toBe(0);
    expect(trackingSettingsFromEnv({ NODE_ENV: 'test', CAMPAIGNS_CLICK_WAIT_MINUTES: '10080' }).clickWaitMinutes).toBe(10_080);
  });

  it('refuses a negative, fractional or longer wait, naming the variable', () => {
    for (const value of ['-1', '1.5', '10081', 'an hour']) expect(() => trackingSettingsFromEnv({ NODE_ENV: 'test', CAMPAIGNS_CLICK_WAIT_MINUTES: value })).toThrow(/CAMPAIGNS_CLICK_WAIT_MINUTES/);
  });
});
