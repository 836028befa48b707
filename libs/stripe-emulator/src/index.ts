export { startStripeEmulator } from './emulator';
export type { StripeEmulator, StripeEmulatorOptions, StripeEmulatorStats } from './emulator';
export type { InjectedStatus } from './faults';
export { WEBHOOK_EVENT_TYPES } from './webhooks/webhook-dispatcher';
export { signatureHeader } from './webhooks/webhook-signature';
export { connectStripeEmulator } from './control/emulator-control-client';
export type { StripeEmulatorControl } from './control/emulator-control-client';
