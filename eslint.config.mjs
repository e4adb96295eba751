// @ts-check
import { posix } from 'node:path';
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

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
 * The layers, from the bottom up: the configuration's schema and types
 * (config/schema), policy data (policy), the cross-field checks and the reader
 * (config/check, config/read), constructs (modules), stacks, main.ts. Each
 * imports only from the layers below it.
 */
const above = {
  'config/schema': ['policy', 'config/check', 'config/read', 'modules', 'stacks', 'main'],
  policy: ['config/check', 'config/read', 'modules', 'stacks', 'main'],
  'config/check': ['modules', 'stacks', 'main'],
  'config/read': ['modules', 'stacks', 'main'],
  modules: ['config/check', 'config/read', 'stacks', 'main'],
  stacks: ['main'],
};

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

function layer(dir, name) {
  return {
    files: [`${dir}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...providerRoots, ...testOnly],
          patterns: above[dir].map((target) => ({
            group: routes(dir, target),
            message: `${name} must not import from ${target}: each layer imports only from the layers below it (config/schema < policy < config/check, config/read < modules < stacks < main.ts).`,
          })),
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
  layer('config/schema', 'The configuration schema (config/schema)'),
  layer('policy', 'Policy data (policy)'),
  layer('config/check', 'The checks (config/check)'),
  layer('config/read', 'The reader (config/read)'),
  layer('modules', 'Constructs (modules)'),
  layer('stacks', 'Stacks'),
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
