import tseslint from 'typescript-eslint';
import { fencesPlugin } from './eslint-fences.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '.tmp/**', 'bench/data/**', 'test/fixtures/check/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // The parts and their arrows (README "Architecture"), resolved per import so that they hold at
    // any folder depth; test/unit/lint/fences.test.ts lints a probe at a nested path of each part.
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    plugins: { fences: fencesPlugin },
    rules: { 'fences/arrows': 'error' },
  },
);
