// Flat config: typescript-eslint's recommended rules, plus the house rule that src/core, src/engine and the
// CLI never import `vscode` (they run in plain Node, the worker and the CLI), nor do the webview kernel and
// the editor-free files of the feature folders.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'bench/.cache/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/engine/**/*.ts', 'src/cli.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core, src/engine and the CLI are pure: no vscode.' }] }] },
  },
  {
    // The editor-free files of the feature folders: the webview protocols (the pages import them too) and
    // what the unit tests run in plain Node. Logic that grows beyond that belongs in src/core.
    files: [
      'src/**/protocol.ts',
      'src/preview/previewHtml.ts',
      'src/preview/concepts/imageBytes.ts',
      'src/preview/concepts/exportStyles.ts',
      'src/training/architectureView.ts',
      'src/training/modelMeta.ts',
      'src/training/dashboard/runState.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'This file is editor-free (unit-tested in Node or shared with a webview): no vscode.' }] }] },
  },
  {
    // The core owns its types: the engine, the CLI and the editor glue import the core, never the other way.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core is pure: no vscode.' }],
          patterns: [{ regex: '^(\\.\\./)+(engine|preview|training|sentiment|cli|webview)(/|$)', message: 'src/core imports nothing outside src/core: move the type into the core.' }],
        },
      ],
    },
  },
  {
    // The webview kernel's decisions (page, CSP, nonce, channel) run in plain Node tests; only its thin
    // VS Code adapter imports vscode.
    files: ['src/webview/**/*.ts'],
    ignores: ['src/webview/vscodeWebview.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The webview kernel is pure: vscode only in src/webview/vscodeWebview.ts.' }] }] },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
