import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../scripts/review';
import { fixtureFile } from '../support/review-fixtures';

/** `npm run review`'s arguments and exit codes; it plans nothing here (see stack-plans.test.ts). */

function run(
  args: readonly string[],
  projectDir = join(__dirname, '..', '..'),
): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = main(args, { INIT_CWD: fixtureFile('.') }, projectDir);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

test('reads plan files (relative to where npm was called) and prints the review; exits 0', () => {
  const result = run([
    '--plan',
    'destroy-first-namespace-moved.plan.json',
    '--graph',
    'destroy-first-namespace-moved.graph.dot',
    '--plan',
    'destroy-first-service-account-switched.plan.json',
  ]);
  expect(result.code).toBe(0);
  expect(result.stdout.split('\n').filter((line) => line.startsWith('stack '))).toEqual([
    'stack destroy-first-namespace-moved',
    'stack destroy-first-service-account-switched',
  ]);
});

test('--markdown writes the pull request comment', () => {
  const result = run(['--markdown', '--plan', 'destroy-first-addon-upgraded.plan.json']);
  expect(result.code).toBe(0);
  expect(result.stdout.startsWith('<!-- pod-identity-review -->\n## Pod Identity review\n')).toBe(
    true,
  );
});

test('--managed-policies expands the AWS-managed policies it records', () => {
  const result = run([
    '--managed-policies',
    'managed-policies.json',
    '--plan',
    'destroy-first-s3-bucket-scoped.plan.json',
  ]);
  expect(result.stdout).toContain(
    '      loses s3-object-lambda:Get*, s3-object-lambda:List*, s3:Describe*, s3:Get*, s3:List* on * (AWS-managed AmazonS3ReadOnlyAccess)\n',
  );
});

test("a map of managed policies given that cannot be read exits 1; the project's own only warns", () => {
  expect(
    run([
      '--managed-policies',
      'missing.json',
      '--plan',
      'destroy-first-namespace-moved.plan.json',
    ]),
  ).toEqual({
    code: 1,
    stdout: '',
    stderr: expect.stringMatching(/^review: .*missing\.json: ENOENT/),
  });
  const project = mkdtempSync(join(tmpdir(), 'pod-identity-review-project-'));
  try {
    mkdirSync(join(project, 'presets', 'published'), { recursive: true });
    writeFileSync(join(project, 'presets', 'published', 'managed-policies.json'), '[]');
    const result = run(['--plan', 'destroy-first-namespace-moved.plan.json'], project);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'review: presets/published/managed-policies.json: not a JSON object of name -> document; ' +
        'AWS-managed policies are named, not expanded\n',
    );
    expect(result.stdout).toContain('stack destroy-first-namespace-moved\n');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test('a plan it cannot read exits 1 with why', () => {
  const result = run(['--plan', 'make-fixtures.ts']);
  expect(result).toEqual({
    code: 1,
    stdout: '',
    stderr: expect.stringMatching(/^review: make-fixtures\.ts: the plan is not JSON \(.+\)\n$/s),
  });
});

test.each([
  [['--graph', 'x.dot'], 'review: --graph follows the --plan it is the graph of\n'],
  [['--plan'], 'review: --plan needs a file\n'],
  [['--json'], 'review: unknown option --json\n'],
])('refuses %j with exit 2', (args, message) => {
  expect(run(args)).toEqual({ code: 2, stdout: '', stderr: message });
});
