// The packaging check's rules on a good and a bad electron-builder config: what `files` takes (in order, with
// negations; node_modules by default), what `asarUnpack` unpacks, extraResources, and the run-time file finders.
import { describe, expect, it } from 'vitest';
import {
  checkPackaging,
  isNativeFile,
  packaged,
  requiredPackages,
  type BuilderConfig,
  type RuntimeNeed,
} from '../../../scripts/packaging/packaging-check';

const NEEDS: RuntimeNeed[] = [
  { path: 'package.json', why: 'entry', unpack: false },
  { path: 'out/main/index.js', why: 'built app', unpack: false },
  { path: 'out/renderer/index.html', why: 'built app', unpack: false },
  { path: 'out/main/classical-worker.js', why: 'worker entry', unpack: true },
  { path: 'node_modules/@techstark/opencv-js/dist/opencv.js', why: 'required by the worker', unpack: true },
  { path: 'node_modules/better-sqlite3/build/Release/better_sqlite3.node', why: 'native', unpack: true },
  {
    path: 'node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8.17.3',
    why: 'native',
    unpack: true,
  },
  {
    path: 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1',
    why: 'native',
    unpack: true,
  },
  { path: 'resources/models/manifest.json', why: 'read at run time', unpack: false },
];

const GOOD: BuilderConfig = {
  files: ['out/**', 'package.json', '!**/*.map'],
  extraResources: [{ from: 'resources/models', to: 'models', filter: ['*.json'] }],
  asarUnpack: [
    '**/node_modules/better-sqlite3/**',
    '**/node_modules/@img/**',
    '**/node_modules/onnxruntime-node/**',
    'out/main/classical-worker.js',
    '**/node_modules/@techstark/opencv-js/**',
  ],
};

describe('checkPackaging', () => {
  it('finds nothing missing in a config that packages and unpacks everything', () => {
    expect(checkPackaging(GOOD, NEEDS)).toEqual([]);
  });

  it('names each file a bad config leaves out or leaves inside the asar', () => {
    const bad: BuilderConfig = {
      files: ['out/main/**', 'package.json', '!**/*.js.map', '!**/node_modules/better-sqlite3/build/**'],
      asarUnpack: ['**/node_modules/@img/**'],
    };
    expect(checkPackaging(bad, NEEDS).map((p) => [p.problem, p.path])).toEqual([
      ['not packaged', 'out/renderer/index.html'],
      ['not unpacked', 'out/main/classical-worker.js'],
      ['not unpacked', 'node_modules/@techstark/opencv-js/dist/opencv.js'],
      ['not packaged', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'],
      ['not unpacked', 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1'],
      ['not packaged', 'resources/models/manifest.json'],
    ]);
  });

  it('takes asar: false as everything unpacked', () => {
    expect(checkPackaging({ ...GOOD, asarUnpack: [], asar: false }, NEEDS)).toEqual([]);
  });

  it.each([
    [['out/**', '!out/main/**'], 'out/main/index.js', false],
    [['!out/main/**', 'out/**'], 'out/main/index.js', true],
    [['out/**'], 'node_modules/sharp/lib/index.js', true],
    [['out/**', '!**/node_modules/sharp/**'], 'node_modules/sharp/lib/index.js', false],
    [['out/**'], 'out/.vite/manifest.json', true],
  ])('files %j take %s: %s', (files, path, expected) => {
    expect(packaged({ files }, path)).toBe(expected);
  });
});

describe('run-time file finders', () => {
  it.each([
    ['better_sqlite3.node', true],
    ['libvips-cpp.so.8.17.3', true],
    ['libonnxruntime.so', true],
    ['onnxruntime.dll', true],
    ['libonnxruntime.1.30.0.dylib', true],
    ['opencv.wasm', true],
    ['index.js', false],
    ['async.source.ts', false],
  ])('%s is a native file: %s', (name, expected) => {
    expect(isNativeFile(name)).toBe(expected);
  });

  it('lists the packages a bundle requires, not built-ins or relative files', () => {
    const src = `import { createRequire } from "node:module";
      import fs from 'fs';
      import { x } from "./chunks/version-1.js";
      const cv = createRequire(import.meta.url)("@techstark/opencv-js");
      const s = require('sharp/lib/index.js');
      const w = await import("ws");`;
    expect(requiredPackages(src)).toEqual(['@techstark/opencv-js', 'sharp', 'ws']);
  });
});
