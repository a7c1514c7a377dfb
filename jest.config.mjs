// Jest runs TypeScript as native ESM (NestJS 12 is ESM-only): node --experimental-vm-modules + ts-jest useESM.
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.spec.json' }],
};
const moduleNameMapper = {
  '^@ixora/migrations$': '<rootDir>/migrations/index.ts',
  // The CLI starts the API and the agent through these aliases (docs/adr/0012).
  '^@ixora/apps/([a-z-]+)$': '<rootDir>/apps/$1/src/index.ts',
  '^@ixora/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};
const longTimeout = '<rootDir>/test/jest-long-timeout.setup.ts';
const common = {
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  transform,
  moduleNameMapper,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

export default {
  // Test files run in a worker process that is replaced once it holds more than this after a file:
  // ESM test modules are never freed (vm modules), and one process running the whole suite ran out
  // of heap. Setting it makes Jest use a worker even where it would run everything in one process.
  workerIdleMemoryLimit: '1536MB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      setupFilesAfterEnv: [longTimeout],
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      setupFilesAfterEnv: [longTimeout],
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
    {
      ...common,
      displayName: 'lab',
      setupFilesAfterEnv: [longTimeout],
      testMatch: ['<rootDir>/test/lab/**/*.lab-spec.ts'],
    },
  ],
};
