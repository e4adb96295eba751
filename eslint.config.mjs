// @ts-check
import { posix } from 'node:path';
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import { noImportCycles } from './lint/no-import-cycles.mjs';

// Provider classes are imported by their own path: the package root loads the whole provider.
const providerRoots = [
  { name: '@cdktf/provider-aws', message: 'Import from @cdktf/provider-aws/lib/<resource>.' },
  {
    name: '@cdktf/provider-kubernetes',
    message: 'Import from @cdktf/provider-kubernetes/lib/<resource>.',
  },
];

// AGPL-3.0: a devDependency for the tests' IAM evaluation; nothing shipped may import it.
const testOnly = [
  {
    name: '@cloud-copilot/iam-simulate',
    message: 'AGPL-3.0: only tests under __tests__/ may import it, never shipped code.',
  },
];

/**
 * The layers, from the bottom up, one folder each: the vocabulary every
 * layer shares (core), the presets, the configuration's model (its schema
 * and resolved types), policy data, the cross-field checks, the reader,
 * the translation of an account's IRSA roles into a configuration (migrate),
 * constructs (modules), stacks, the review of Terraform plans, main.ts. Each
 * imports only from the layers below it, and no module imports one that
 * imports it back.
 */
const LAYERS = [
  'core',
  'presets',
  'model',
  'policy',
  'check',
  'read',
  'migrate',
  'modules',
  'stacks',
  'review',
  'main',
];
const ORDER = LAYERS.join(' < ');

/**
 * Layers that may import from only some of the layers below them. The review
 * reads Terraform plans, whatever configuration produced them: it knows IAM
 * (core) and nothing of the model, the presets or the constructs.
 */
const ONLY_FROM = { review: ['core'] };

/**
 * Imports are matched as written, so each forbidden folder is spelt as a
 * relative path from the layer's folder and from two levels of subfolders.
 */
function routes(from, to) {
  const depths = [from, `${from}/a`, `${from}/a/b`];
  return [...new Set(depths.map((dir) => posix.relative(dir, to)))].flatMap((route) => [
    route,
    `${route}/**`,
  ]);
}

function layer(dir) {
  const above = LAYERS.slice(LAYERS.indexOf(dir) + 1);
  const allowed = ONLY_FROM[dir];
  const below = LAYERS.slice(0, LAYERS.indexOf(dir)).filter(
    (target) => allowed !== undefined && !allowed.includes(target),
  );
  return {
    files: [`${dir}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...providerRoots, ...testOnly],
          patterns: [
            ...above.map((target) => ({
              group: routes(dir, target),
              message: `${dir} must not import from ${target}: each layer imports only from the layers below it (${ORDER}).`,
            })),
            ...below.map((target) => ({
              group: routes(dir, target),
              message: `${dir} must not import from ${target}: ${dir} imports only from ${allowed.join(', ')}.`,
            })),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'cdktf.out/', 'cdktf.out.hcl/', 'coverage/', '.gen/'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-restricted-imports': ['error', { paths: [...providerRoots, ...testOnly] }],
      // Constructs are created for their side effect on the tree.
      'no-new': 'off',
    },
  },
  {
    files: ['__tests__/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: providerRoots }] },
  },
  ...LAYERS.filter((dir) => dir !== 'main').map(layer),
  {
    files: ['main.ts', ...LAYERS.map((dir) => `${dir}/**/*.ts`)],
    plugins: { local: { rules: { 'no-import-cycles': noImportCycles } } },
    rules: { 'local/no-import-cycles': 'error' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
