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
