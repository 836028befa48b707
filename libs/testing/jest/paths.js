// Maps the tsconfig path aliases (@streetteam/x) for jest, so tests import libs
// exactly as the apps do.
const { compilerOptions } = require('../../../tsconfig.base.json');
const path = require('path');

function pathsToModuleNameMapper() {
  const root = path.resolve(__dirname, '../../..');
  const mapper = {};
  for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
    mapper[`^${alias.replace('/', '\\/')}$`] = path.join(root, target);
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
