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
  {
    // The store and everything above it are asynchronous: a promise nobody awaits loses its error and its ordering.
    // Type-aware, so only for the program's own code (tests and benches are checked by running them).
    files: ['src/**/*.ts', 'commands/**/*.ts', 'adapters/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
  {
    // Files stay under 400 lines, counted as `wc -l` counts them (blank lines and comments included), so a file is
    // split by what it does before it grows unreadable. The walls inside src/ (pure NLP zone) and the ban on import
    // cycles need the resolved import graph: tests/unit/walls.test.ts.
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    // The only exemption, named: a test fake that mirrors a whole platform API.
    files: [
      'tests/fakes/discord.ts', // the Discord REST + gateway fake
    ],
    rules: { 'max-lines': 'off' },
  },
  { files: ['bench/**/*.ts', 'scripts/**/*.js', 'scripts/**/*.mjs', 'bin/**/*.js', 'adapters/terminal/**/*.ts'], rules: { 'no-console': 'off' } },
);
