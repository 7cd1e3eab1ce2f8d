import base from './jest.config.js';

/** `npm run test:unit`: the pure tests, in seconds, with no engine, Redis or registries started. */
export default {
  ...base,
  testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/rules/**/*.test.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
  maxWorkers: '50%',
};
