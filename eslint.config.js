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
  {
    // One clock (src/clock.ts): the program reads "now" only through the clock the composition root injects, so tests
    // (and the suite under a shifted clock, npm run test:clock) control every time the program stamps or compares.
    files: ['src/**/*.ts', 'commands/**/*.ts', 'adapters/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the injected clock (app.now, a Clock from src/clock.ts) for "now"; performance.now() for elapsed time.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use the injected clock (app.now, a Clock from src/clock.ts) for "now"; performance.now() for elapsed time.' },
        { selector: "CallExpression[callee.name='Date']", message: 'Date() reads the wall clock: use the injected clock (app.now).' },
      ],
    },
  },
  { files: ['bench/**/*.ts', 'scripts/**/*.js', 'scripts/**/*.mjs', 'bin/**/*.js', 'adapters/terminal/**/*.ts'], rules: { 'no-console': 'off' } },
);
