import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PROJECT_DIR } from '../support/cdktf-cli';
import { runCommand } from '../support/run-command';

/**
 * The layers, enforced by lint: each imports only from the layers below it
 * (core < presets < model < policy < check < read < migrate < modules <
 * stacks < review < main.ts), the review imports from core only, no module
 * imports one that imports it back, and nothing but the tests imports the AGPL
 * policy evaluator.
 *
 * Each case is a file at its place in a copy of the project's layout, linted
 * by the project's own ESLint configuration in one real `eslint` run.
 */

const REFUSED: readonly (readonly [file: string, source: string, layer: string])[] = [
  ['core/a.ts', "import { PRESETS } from '../presets/catalogue';", 'presets'],
  ['presets/a.ts', "import { configFile } from '../model/config-file';", 'model'],
  ['model/a.ts', "import { planRole } from '../policy/role-plan';", 'policy'],
  ['model/sub/a.ts', "import { checkModel } from '../../check/check-model';", 'check'],
  ['policy/a.ts', "import { readConfig } from '../read/read-config';", 'read'],
  ['check/a.ts', "import { readConfig } from '../read/read-config';", 'read'],
  ['read/a.ts', "import { migrateFromIrsa } from '../migrate/irsa-config';", 'migrate'],
  ['migrate/a.ts', "import { awsTags } from '../modules/aws-tags';", 'modules'],
  [
    'modules/a.ts',
    "import { PodIdentityAwsStack } from '../stacks/pod-identity-aws-stack';",
    'stacks',
  ],
  ['stacks/a.ts', "import { buildApp } from '../main';", 'main'],
  ['stacks/c.ts', "import { reviewStack } from '../review/workload-changes';", 'review'],
  ['review/a.ts', "import { buildApp } from '../main';", 'main'],
];

/** The review reads Terraform plans, whatever made them: below it, core only. */
const REVIEW_REFUSED: readonly (readonly [file: string, source: string, layer: string])[] = [
  ['review/b.ts', "import { planRole } from '../policy/role-plan';", 'policy'],
  ['review/sub/b.ts', "import { TUTORIAL } from '../../model/tutorial';", 'model'],
  [
    'review/c.ts',
    "import { PodIdentityAwsStack } from '../stacks/pod-identity-aws-stack';",
    'stacks',
  ],
];

const ACCEPTED: readonly (readonly [file: string, source: string])[] = [
  ['presets/b.ts', "import { rule } from '../core/rules';"],
  ['model/b.ts', "import { PRESETS } from '../presets/catalogue';"],
  ['policy/b.ts', "import { TUTORIAL } from '../model/tutorial';"],
  ['check/b.ts', "import { planRole } from '../policy/role-plan';"],
  ['read/b.ts', "import { checkModel } from '../check/check-model';"],
  ['migrate/b.ts', "import { readConfig } from '../read/read-config';"],
  ['modules/b.ts', "import { planRole } from '../policy/role-plan';"],
  ['stacks/b.ts', "import { PodIdentityRole } from '../modules/pod-identity-role';"],
  ['review/d.ts', "import { policyJson } from '../core/iam';"],
  ['__tests__/a.test.ts', "import { runSimulation } from '@cloud-copilot/iam-simulate';"],
];

/** Two modules of one layer that import each other, and a third that closes a longer ring. */
const CYCLES: readonly (readonly [file: string, source: string])[] = [
  ['check/ping.ts', "import { pong } from './pong';"],
  ['check/pong.ts', "import { ping } from './ping';"],
  ['read/one.ts', "import type { two } from './two';"],
  ['read/two.ts', "import { three } from './three';"],
  ['read/three.ts', "import { one } from './one';"],
];

const AGPL = "import { runSimulation } from '@cloud-copilot/iam-simulate';";
const AGPL_REFUSED = ['main.ts', 'modules/c.ts', 'scripts/a.ts', 'policy/c.ts'];
// The import lint must refuse, spelled in parts so that searches for root
// imports in the code find real ones, not this fixture.
const AWS_PROVIDER_ROOT = ['@cdktf', 'provider-aws'].join('/');
const PROVIDER_ROOT = ['modules/d.ts', `import { IamRole } from '${AWS_PROVIDER_ROOT}';`] as const;

const CYCLE_RULE = 'local/no-import-cycles';

interface LintResult {
  readonly filePath: string;
  readonly messages: readonly { readonly ruleId: string | null; readonly message: string }[];
}

describe('lint keeps each layer to the layers below it', () => {
  let results: Map<string, string[]>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pod-identity-lint-'));
    try {
      copyFileSync(join(PROJECT_DIR, 'eslint.config.mjs'), join(dir, 'eslint.config.mjs'));
      mkdirSync(join(dir, 'lint'));
      copyFileSync(
        join(PROJECT_DIR, 'lint', 'no-import-cycles.mjs'),
        join(dir, 'lint', 'no-import-cycles.mjs'),
      );
      symlinkSync(join(PROJECT_DIR, 'node_modules'), join(dir, 'node_modules'));
      const files: [string, string][] = [
        ...REFUSED.map(([file, source]) => [file, source] as [string, string]),
        ...REVIEW_REFUSED.map(([file, source]) => [file, source] as [string, string]),
        ...ACCEPTED.map(([file, source]) => [file, source] as [string, string]),
        ...AGPL_REFUSED.map((file) => [file, AGPL] as [string, string]),
        ...CYCLES.map(([file, source]) => [file, source] as [string, string]),
        [PROVIDER_ROOT[0], PROVIDER_ROOT[1]],
      ];
      for (const [file, source] of files) {
        mkdirSync(join(dir, dirname(file)), { recursive: true });
        // Re-exported so that the import is used.
        const name = /import \{ (\w+) \}/.exec(source)?.[1] ?? 'x';
        writeFileSync(join(dir, file), `${source}\nexport const used = ${name};\n`);
      }
      const lint = await runCommand(
        join(PROJECT_DIR, 'node_modules', '.bin', 'eslint'),
        ['--format', 'json', '--no-warn-ignored', ...files.map(([file]) => file)],
        { cwd: dir, env: process.env, timeoutMs: 120_000 },
      );
      const parsed = JSON.parse(lint.stdout) as LintResult[];
      results = new Map(
        parsed.map((r) => [
          r.filePath.slice(dir.length + 1),
          r.messages
            .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === CYCLE_RULE)
            .map((m) => m.message),
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test.each(REFUSED)('refuses in %s: %s', (file, _source, layer) => {
    expect(results.get(file)).toEqual([
      expect.stringContaining(
        `must not import from ${layer}: each layer imports only from the layers below it`,
      ),
    ]);
  });

  test.each(REVIEW_REFUSED)('refuses in %s: %s', (file, source, layer) => {
    const path = /from '([^']+)'/.exec(source)?.[1];
    expect(results.get(file)).toEqual([
      `'${path}' import is restricted from being used by a pattern. ` +
        `review must not import from ${layer}: review imports only from core.`,
    ]);
  });

  test.each(ACCEPTED)('accepts in %s: %s', (file) => {
    expect(results.get(file)).toEqual([]);
  });

  test.each(AGPL_REFUSED)('refuses the AGPL evaluator in %s', (file) => {
    expect(results.get(file)).toEqual([
      expect.stringContaining('AGPL-3.0: only tests under __tests__/ may import it'),
    ]);
  });

  test('refuses both imports of two modules that import each other', () => {
    expect(results.get('check/ping.ts')).toEqual([
      'Import cycle: check/ping.ts -> check/pong.ts -> check/ping.ts. Move what both need into a module of its own below them.',
    ]);
    expect(results.get('check/pong.ts')).toEqual([
      'Import cycle: check/pong.ts -> check/ping.ts -> check/pong.ts. Move what both need into a module of its own below them.',
    ]);
  });

  test('refuses a ring of three, type-only imports included', () => {
    expect(results.get('read/one.ts')).toEqual([
      expect.stringContaining(
        'Import cycle: read/one.ts -> read/two.ts -> read/three.ts -> read/one.ts.',
      ),
    ]);
    expect(results.get('read/three.ts')).toEqual([
      expect.stringContaining(
        'Import cycle: read/three.ts -> read/one.ts -> read/two.ts -> read/three.ts.',
      ),
    ]);
  });

  test('refuses the AWS provider package root', () => {
    expect(results.get(PROVIDER_ROOT[0])).toEqual([
      expect.stringContaining('Import from @cdktf/provider-aws/lib/<resource>.'),
    ]);
  });
});
