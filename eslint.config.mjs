// Lint: typescript-eslint's recommended rules over src, webview, test and tools; run by `npm test`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-vsix/**', 'node_modules/**', '.tools/**', 'test-results/**', 'sample-data/**', 'bench/data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Tests read parsed JSON freely.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // Webview code and the page scripts of the browser and integration drivers run in a browser.
  { files: ['webview/**', 'test/browser/**', 'test/integration/**/*.mjs'], languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  // CommonJS files (the test runner extension, the bench's in-process runner).
  { files: ['**/*.cjs', 'test/integration/runner/**/*.js'], languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
