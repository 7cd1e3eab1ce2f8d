import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The layers, lowest first: a module may import its own layer and those below it, never one above.
// Entry points live only in src/cli; src/platform is the process plumbing the API, the worker daemon
// and the CLIs share; src/runtime is the worker framework; workers/ are the step handlers it runs.
const LAYERS = [
  ['src/domain', 'src/paths.ts'],
  ['src/config.ts'],
  ['src/store', 'src/engine', 'src/gateway'],
  ['src/platform'],
  ['src/runtime'],
  ['workers'],
  ['src/api', 'src/check', 'src/registries', 'src/report', 'src/stack'],
  ['src/cli'],
];
const zones = LAYERS.flatMap((layer, i) =>
  layer.map((target) => ({
    target: `./${target}`,
    from: LAYERS.slice(i + 1)
      .flat()
      .map((p) => `./${p}`),
    message: `${target} is a lower layer: it must not import from a higher one (see README, Architecture).`,
  })),
).filter((zone) => zone.from.length > 0);
// Workers say what a step does through its effects; the keys are the store's.
zones.push({
  target: './workers',
  from: ['./src/store'],
  message: 'a worker reaches Redis only through its step effects (ctx.effects, src/store/step-effects.ts).',
});
// The API and the worker daemon are separate processes: the API shares the platform with it, not the framework.
zones.push({
  target: './src/api',
  from: ['./src/runtime', './workers'],
  message: 'the API does not run workers: what it shares with the daemon is in src/platform.',
});

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'engine',
      'modeler-plugin/dist',
      '.run',
      'coverage',
      'src/api/openapi-types.ts',
      'packages/**/*.js',
      'modeler-plugin/index.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests read JSON answers (supertest's `body`, the engine's REST) whose shape is what they assert.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Test doubles and probes are async to match the interfaces they stand for.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { ...globals.node } },
  },
  prettier,
);
