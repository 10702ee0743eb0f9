import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default ts.config(
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  { languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core stays pure (docs/style.md §1): no DOM, no Svelte, no d3-selection under src/lib.
    files: ['src/lib/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['svelte', 'd3', 'd3-selection', 'd3-transition'],
          patterns: ['svelte/*', '**/ui/**', '**/*.svelte'],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the virtual clock (src/lib/sim/clock.ts).' },
        { object: 'Math', property: 'random', message: 'Use the seeded RNG (src/lib/sim/rng.ts).' },
      ],
    },
  },
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'bench-results/'] },
);
