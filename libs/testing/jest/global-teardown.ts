// Stops what global-setup.ts started (servers it reused or was pointed at stay up).
import { rm } from 'node:fs/promises';
import { takeTestInfra } from './test-infra-state';

export default async function globalTeardown(): Promise<void> {
  const infra = takeTestInfra();
  if (!infra) return;
  await Promise.all([infra.postgres.stop(), infra.kafka.stop()]);
  if (infra.killBrokerOnExit) process.removeListener('exit', infra.killBrokerOnExit);
  for (const dir of infra.runDirs) await rm(dir, { recursive: true, force: true });
}
