// The floors rule: a folder may import only the floors its entry in eslint.config.js names (docs/ARCHITECTURE.md,
// "Floors"). A relative import is resolved to its repo path first, so '../../segment/x' from any depth counts
// the same; a package is judged by its name ('node:fs', 'fs' and '@aws-sdk/client-x' too).
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const EXTENSION = /\.(ts|tsx|mts|js|mjs|cjs|json)$/;

/** Repo path without extension, with '/' separators: 'electron/segment/engine-choice'. */
const repoPath = (root, absolute) => relative(root, absolute).split(sep).join('/').replace(EXTENSION, '');

/** 'electron/segment' holds 'electron/segment' and 'electron/segment/x'; 'electron/ipc.ts' holds itself. */
const inside = (path, folder) => {
  const f = folder.replace(EXTENSION, '').replace(/\/+$/, '');
  return path === f || path.startsWith(`${f}/`);
};

const builtins = new Set(builtinModules);
const isBuiltin = (name) => name.startsWith('node:') || builtins.has(name.split('/')[0]);

/** '@aws-sdk/*' matches '@aws-sdk/client-x'; 'node:*' matches every Node built-in, with or without the prefix. */
const matchesPackage = (name, pattern) => {
  if (pattern === 'node:*') return isBuiltin(name);
  if (pattern.endsWith('/*')) return name.startsWith(pattern.slice(0, -1));
  return name === pattern || name.startsWith(`${pattern}/`);
};

const list = { type: 'array', items: { type: 'string' } };

/** @type {import('eslint').Rule.RuleModule} */
export const floorsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'A folder imports only from its own floor and the floors below it.' },
    schema: [
      {
        type: 'object',
        properties: {
          /** The repo root: folders below are repo paths. */
          root: { type: 'string' },
          /** This floor's name in messages. */
          floor: { type: 'string' },
          /** Repo folders (or files) a relative import may reach; absent: any. */
          folders: list,
          /** Repo folders (or files) a relative import may not reach, even inside `folders`. */
          notFolders: list,
          /** Packages that may be imported; absent: any but `notPackages`. */
          packages: list,
          notPackages: list,
        },
        required: ['root', 'floor'],
        additionalProperties: false,
      },
    ],
    messages: {
      folder:
        "{{floor}} may not import {{target}} ('{{source}}'): {{allowed}}. See docs/ARCHITECTURE.md, Floors.",
      package:
        "{{floor}} may not import the package '{{source}}': {{allowed}}. See docs/ARCHITECTURE.md, Floors.",
    },
  },
  create(context) {
    const { root, floor, folders, notFolders = [], packages, notPackages = [] } = context.options[0];
    const here = dirname(context.filename);
    const allowedFolders = folders
      ? `it may import only ${folders.join(', ')}`
      : `it may not import ${notFolders.join(', ')}`;
    const allowedPackages = packages
      ? `its only packages are ${packages.join(', ') || 'none'}`
      : `it may not import ${notPackages.join(', ')}`;

    const check = (node) => {
      const source = node?.type === 'Literal' && typeof node.value === 'string' ? node.value : null;
      if (source === null) return;
      if (source.startsWith('.')) {
        const target = repoPath(root, resolve(here, source));
        const ok =
          (!folders || folders.some((f) => inside(target, f))) && !notFolders.some((f) => inside(target, f));
        if (!ok)
          context.report({
            node,
            messageId: 'folder',
            data: { floor, target, source, allowed: allowedFolders },
          });
        return;
      }
      const ok =
        (!packages || packages.some((p) => matchesPackage(source, p))) &&
        !notPackages.some((p) => matchesPackage(source, p));
      if (!ok)
        context.report({ node, messageId: 'package', data: { floor, source, allowed: allowedPackages } });
    };

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
