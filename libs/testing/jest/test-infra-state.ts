// Shared by global-setup.ts and global-teardown.ts, which jest runs in the same process.
// Jest loads both outside its module registry, so tsconfig path aliases do not resolve
// here: the relative import into local-infra is deliberate.
// eslint-disable-next-line @nx/enforce-module-boundaries
import type { RunningKafka, RunningPostgres } from '../../local-infra/src';

export interface TestInfra {
  postgres: RunningPostgres;
  kafka: RunningKafka;
  /** Folders of this run, deleted once its servers stopped. */
  runDirs: string[];
  /** Kills the broker if jest exits without running the teardown. */
  killBrokerOnExit?: () => void;
}

const key = Symbol.for('streetteam.testing.infra');

export function saveTestInfra(infra: TestInfra): void {
  (globalThis as Record<symbol, unknown>)[key] = infra;
}

export function takeTestInfra(): TestInfra | undefined {
  const store = globalThis as Record<symbol, unknown>;
  const infra = store[key] as TestInfra | undefined;
  delete store[key];
  return infra;
}
