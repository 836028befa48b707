// One jest run for the whole workspace: unit specs need nothing; integration and
// end-to-end tests share one real Postgres and one real Kafka broker, started once
// by libs/testing's global set-up (only when a test of that project is selected).
const { pathsToModuleNameMapper } = require('./libs/testing/jest/paths');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: pathsToModuleNameMapper(),
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // Integration tests wait on real brokers; unit specs never come near this.
  testTimeout: 120000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/src/**/*.spec.ts', '<rootDir>/libs/**/lint/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/*/test/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/libs/testing/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/jest/global-teardown.ts',
      setupFiles: ['reflect-metadata'],
    },
  ],
};
