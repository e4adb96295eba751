/**
 * Unit tests and the Terraform checks (`npm test`). The integration suite,
 * which deploys against a local AWS, has its own config.
 * @type {import('jest').Config}
 */
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/integration/'],
  transform: { '^.+\\.ts$': swc },
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup.ts'],
  // One temporary folder per run (TMPDIR), removed at its end: see temporary-folder.ts.
  globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/support/global-teardown.ts',
  // Jest's default is one worker on 2 cores; the real cdktf and terraform runs wait on
  // child processes, so a second worker shortens the suite (measured 24.0 s -> 21.3 s).
  maxWorkers: 2,
};
