import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { floorsRule } from './lint/floors.js';

// The floors (docs/ARCHITECTURE.md): each folder imports only from its own floor and the ones below it,
// shared <- ground floor <- inference <- engines <- features <- studio <- transports.
const root = import.meta.dirname;
const GROUND = [
  'electron/store',
  'electron/media',
  'electron/fs',
  'electron/jobs',
  'electron/settings',
  'electron/logs',
];
const FEATURES = [
  'electron/segment',
  'electron/chains',
  'electron/datasets',
  'electron/eval',
  'electron/sequences',
];
const TRANSPORTS = [
  'electron/server',
  'electron/cli',
  'electron/ipc.ts',
  'electron/main.ts',
  'electron/preload.ts',
  'electron/desktop',
];
// What each floor may import: itself and every floor below it.
const TO_GROUND = ['shared', ...GROUND];
const TO_INFERENCE = [...TO_GROUND, 'electron/inference', 'resources'];
const TO_ENGINES = [...TO_INFERENCE, 'electron/engines'];
const TO_FEATURES = [...TO_ENGINES, ...FEATURES];
const TO_STUDIO = [...TO_FEATURES, 'electron/studio', 'package.json'];

const floorsPlugin = { rules: { imports: floorsRule } };

/** One floor: its folders, and what they may import (see lint/floors.js for the options). */
const floor = (name, files, options) => ({
  files: files.map((f) => (f.endsWith('.ts') ? f : `${f}/**`)),
  plugins: { floors: floorsPlugin },
  rules: { 'floors/imports': ['error', { root, floor: name, ...options }] },
});

const floors = [
  // Pure TypeScript for both sides: no Node, no Electron, no native package.
  floor('shared/', ['shared'], { folders: ['shared'], packages: ['zod'] }),
  floor('the ground floor (store, media, fs, jobs, settings, logs)', GROUND, { folders: TO_GROUND }),
  floor('inference/', ['electron/inference'], { folders: TO_INFERENCE }),
  floor('engines/', ['electron/engines'], { folders: TO_ENGINES }),
  floor('a feature (segment, chains, datasets, eval)', FEATURES, { folders: TO_FEATURES }),
  floor('studio/', ['electron/studio'], { folders: TO_STUDIO }),
  floor('a transport (server, cli, desktop, ipc, main, preload)', TRANSPORTS, {
    folders: ['shared', 'electron', 'package.json'],
  }),
  floor('renderer/', ['renderer'], { folders: ['renderer', 'shared'] }),
  // Benchmarks and tools may use the test helpers, never a test's own files.
  floor('scripts/', ['scripts'], { notFolders: ['test/unit'] }),
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The renderer sees StudioApi only: no Node built-ins, no main-process code.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'fs', 'path', 'electron', '**/electron/**', 'better-sqlite3', 'sharp'] },
      ],
    },
  },
  {
    // Only the thin Electron glue may import 'electron' (desktop/ and ipc.ts take its objects as arguments).
    files: ['electron/**/*.ts', 'shared/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
  ...floors,
);
