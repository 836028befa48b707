// Flat config for the whole workspace. Boundaries are real: each service's scope may
// use only itself and shared code; apps depend on libs, never on other apps.
const { defineConfig } = require('eslint/config');
const tseslint = require('typescript-eslint');
const nx = require('@nx/eslint-plugin');
const authPlugin = require('./libs/auth/lint/require-authorization.js');

const SERVICES = ['enrollment', 'campaigns', 'payouts', 'recovery', 'gateway'];

ensureProjectGraph();

module.exports = defineConfig(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.local/**', '**/coverage/**', '.nx/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // Leading underscore marks a deliberately unused parameter (Nest signatures).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...SERVICES.map((service) => ({
              sourceTag: `scope:${service}`,
              onlyDependOnLibsWithTags: [`scope:${service}`, 'scope:shared'],
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    // The bus benchmark measures raw kafkajs as its baseline, so it may name the client.
    ignores: ['libs/messaging/**', 'libs/testing/**', 'test/bench/bus/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kafkajs',
              message:
                'Use @streetteam/messaging: kafkajs maintenance has stalled (tulios/kafkajs#1603), so the Kafka client stays behind libs/messaging where it can be replaced in one place.',
            },
          ],
          patterns: [{ group: ['kafkajs/*'], message: 'Use @streetteam/messaging (see kafkajs#1603).' }],
        },
      ],
    },
  },
  {
    files: ['apps/**/*.ts'],
    plugins: { '@streetteam/auth': authPlugin },
    rules: { '@streetteam/auth/require-authorization': 'error' },
  },
  {
    // The lint plugin is CommonJS by necessity (ESLint loads it with require).
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
  },
);

// @nx/enforce-module-boundaries only reads Nx's cached project graph and silently skips
// itself when there is none, which would make the boundaries a no-op under plain
// `npx eslint`. Build the cache when it is missing or older than a project.json.
function ensureProjectGraph() {
  const fs = require('fs');
  const path = require('path');
  if (process.env.NX_TASK_TARGET_PROJECT) return; // running under nx: it made the graph
  const cache = path.join(__dirname, '.nx', 'workspace-data', 'project-graph.json');
  const cachedAt = fs.existsSync(cache) ? fs.statSync(cache).mtimeMs : 0;
  const stale = ['apps', 'libs'].some((folder) => {
    const root = path.join(__dirname, folder);
    if (!fs.existsSync(root)) return false;
    return fs.readdirSync(root).some((project) => {
      const file = path.join(root, project, 'project.json');
      return fs.existsSync(file) && fs.statSync(file).mtimeMs > cachedAt;
    });
  });
  if (cachedAt > 0 && !stale) return;
  require('child_process').execFileSync(process.execPath, [require.resolve('nx/bin/nx'), 'show', 'projects'], {
    cwd: __dirname,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: 'ignore',
  });
}
