import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '.tmp/**', 'bench/data/**', '**/*.mjs', '**/*.js'] },
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
    // Layering: the engine, data, codegen and shared layers serve the CLI, tests and webview too.
    files: ['src/engine/**/*.ts', 'src/data/**/*.ts', 'src/codegen/**/*.ts', 'src/shared/**/*.ts', 'src/cli.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/engine, src/data, src/codegen, src/shared and the CLI must not import vscode.' }] }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/shared is used by the webview: no vscode.' }],
        patterns: [{ group: ['@tensorflow/*', '../engine/*', '../data/*', '../panel/*', '../commands/*'], message: 'src/shared imports no tfjs and no host code.' }],
      }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'webview code runs in the browser.' }],
        patterns: [{ group: ['../src/*', '!../src/shared', '../src/engine/*', '../src/data/*', '../src/panel/*', '../src/commands/*', '../src/codegen/*', '@tensorflow/*'], message: 'webview imports only src/shared.' }],
      }],
    },
  },
);
