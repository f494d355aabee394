// ESLint flat config: eslint + typescript-eslint recommended rules (no type-aware rules, to stay fast).

import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  // test/conformance/cases is a verbatim copy of the shared corpus (npm run conformance:sync).
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'data/', 'log/', 'test/conformance/cases/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports only.' }],
    },
  },
  {
    // Config files of tools that require a default export or CommonJS.
    files: ['eslint.config.js', '*.cjs', '**/*.cjs'],
    rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The web console runs in the browser.
    files: ['console/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
