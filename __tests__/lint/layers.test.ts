import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PROJECT_DIR } from '../support/cdktf-cli';
import { runCommand } from '../support/run-command';

/**
 * The layers, enforced by lint: each imports only from the layers below it
 * (config/schema < policy < config/check, config/read < modules < stacks <
 * main.ts), and nothing but the tests imports the AGPL policy evaluator.
 *
 * Each case is a file at its place in a copy of the project's layout, linted
 * by the project's own ESLint configuration in one real `eslint` run.
 */

const REFUSED: readonly (readonly [file: string, source: string, layer: string])[] = [
  ['config/schema/a.ts', "import { planRole } from '../../policy/role-plan';", 'policy'],
  ['config/schema/b.ts', "import { checkConfig } from '../check/check-config';", 'config/check'],
  ['policy/a.ts', "import { readConfig } from '../config/read/read-config';", 'config/read'],
  [
    'config/check/a.ts',
    "import { PodIdentityRole } from '../../modules/pod-identity-role';",
    'modules',
  ],
  [
    'modules/a.ts',
    "import { PodIdentityAwsStack } from '../stacks/pod-identity-aws-stack';",
    'stacks',
  ],
  ['stacks/a.ts', "import { buildApp } from '../main';", 'main'],
  [
    'policy/presets/a.ts',
    "import { checkPresets } from '../../config/check/presets';",
    'config/check',
  ],
  ['config/read/a.ts', "import { awsTags } from '../../modules/aws-tags';", 'modules'],
];

const ACCEPTED: readonly (readonly [file: string, source: string])[] = [
  ['policy/b.ts', "import { TUTORIAL } from '../config/schema/tutorial';"],
  ['config/check/b.ts', "import { planRole } from '../../policy/role-plan';"],
  ['modules/b.ts', "import { planRole } from '../policy/role-plan';"],
  ['stacks/b.ts', "import { PodIdentityRole } from '../modules/pod-identity-role';"],
  ['__tests__/a.test.ts', "import { runSimulation } from '@cloud-copilot/iam-simulate';"],
];

const AGPL = "import { runSimulation } from '@cloud-copilot/iam-simulate';";
const AGPL_REFUSED = ['main.ts', 'modules/c.ts', 'scripts/a.ts', 'policy/c.ts'];
// The import lint must refuse, spelled in parts so that searches for root
// imports in the code find real ones, not this fixture.
const AWS_PROVIDER_ROOT = ['@cdktf', 'provider-aws'].join('/');
const PROVIDER_ROOT = ['modules/d.ts', `import { IamRole } from '${AWS_PROVIDER_ROOT}';`] as const;

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
      symlinkSync(join(PROJECT_DIR, 'node_modules'), join(dir, 'node_modules'));
      const files: [string, string][] = [
        ...REFUSED.map(([file, source]) => [file, source] as [string, string]),
        ...ACCEPTED.map(([file, source]) => [file, source] as [string, string]),
        ...AGPL_REFUSED.map((file) => [file, AGPL] as [string, string]),
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
          r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message),
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

  test.each(ACCEPTED)('accepts in %s: %s', (file) => {
    expect(results.get(file)).toEqual([]);
  });

  test.each(AGPL_REFUSED)('refuses the AGPL evaluator in %s', (file) => {
    expect(results.get(file)).toEqual([
      expect.stringContaining('AGPL-3.0: only tests under __tests__/ may import it'),
    ]);
  });

  test('refuses the AWS provider package root', () => {
    expect(results.get(PROVIDER_ROOT[0])).toEqual([
      expect.stringContaining('Import from @cdktf/provider-aws/lib/<resource>.'),
    ]);
  });
});
