// Lint: typescript-eslint recommended, plus the dependency direction adapters -> commands -> src.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    // The core never reaches out to platform code or adapters.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['discord.js', '@discordjs/*', '@slack/*'], message: 'src/ is platform-neutral' },
          { group: ['**/adapters/**', '**/commands/**'], message: 'src/ must not import adapters/ or commands/' },
        ],
      }],
    },
  },
  {
    files: ['commands/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['discord.js', '@discordjs/*', '@slack/*'], message: 'commands/ are platform-neutral' },
          { group: ['**/adapters/**'], message: 'commands/ must not import adapters/' },
        ],
      }],
    },
  },
  { files: ['bench/**/*.ts', 'scripts/**/*.js', 'bin/**/*.js', 'adapters/terminal/**/*.ts'], rules: { 'no-console': 'off' } },
);
