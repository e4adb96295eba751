// @ts-check
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

/**
 * The layers, from the bottom up: the configuration's schema and types
 * (config/schema), policy data (policy), the cross-field checks and the reader
 * (config/check, config/read), constructs (modules), stacks, main.ts. Each
 * imports only from the layers below it.
 */
const above = {
  schema: ['policy', 'config/check', 'config/read', 'modules', 'stacks', 'main'],
  policy: ['config/check', 'config/read', 'modules', 'stacks', 'main'],
  checks: ['modules', 'stacks', 'main'],
  modules: ['config/check', 'config/read', 'stacks', 'main'],
  stacks: ['main'],
};

function layer(files, forbidden, name) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: providerRoots,
          patterns: forbidden.map((dir) => ({
            group: [`**/${dir}`, `**/${dir}/**`, `../${dir}`, `../${dir}/**`, `./${dir}/**`],
            message: `${name} must not import from ${dir}: each layer imports only from the layers below it (config/schema < policy < config/check, config/read < modules < stacks < main.ts).`,
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
      'no-restricted-imports': ['error', { paths: providerRoots }],
      // Constructs are created for their side effect on the tree.
      'no-new': 'off',
    },
  },
  layer(['config/schema/**/*.ts'], above.schema, 'The configuration schema (config/schema)'),
  layer(['policy/**/*.ts'], above.policy, 'Policy data (policy)'),
  layer(['config/check/**/*.ts', 'config/read/**/*.ts'], above.checks, 'The reader and checks'),
  layer(['modules/**/*.ts'], above.modules, 'Constructs (modules)'),
  layer(['stacks/**/*.ts'], above.stacks, 'Stacks'),
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
