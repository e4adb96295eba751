/**
 * The integration suite (`npm run test:integration`): real `cdktf deploy`
 * against moto and the test-only EKS Pod Identity endpoint, one file at a time.
 * @type {import('jest').Config}
 */
const unit = require('./jest.config');

module.exports = {
  ...unit,
  roots: ['<rootDir>/__tests__/integration'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180000,
  maxWorkers: 1,
  // Prints the day-two figures (day-two-summary.ts) before removing the run's folder.
  globalTeardown: '<rootDir>/__tests__/support/integration-teardown.ts',
};
