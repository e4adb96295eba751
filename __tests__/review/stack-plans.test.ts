import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlanReadError } from '../../review/plan-json';
import {
  declaresReviewedResources,
  planStackFolder,
  readPlanFile,
  stackFolders,
} from '../../review/stack-plans';
import { fixtureFile } from '../support/review-fixtures';

/**
 * Where plans come from. The Terraform commands are checked here with a
 * stand-in `terraform` that records its arguments; the integration test
 * (__tests__/integration/review.test.ts) runs the real one.
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pod-identity-review-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A `terraform` that logs its arguments and answers show and graph from a fixture. */
function fakeTerraform(fixture: string, graphExit = 0): { path: string; log: string } {
  const log = join(dir, 'terraform.log');
  const path = join(dir, 'terraform');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      `echo "$*" >> '${log}'`,
      'case "$1" in',
      '  init) mkdir .terraform ;;',
      `  show) cat '${fixtureFile(`${fixture}.plan.json`)}' ;;`,
      `  graph) cat '${fixtureFile(`${fixture}.graph.dot`)}'; exit ${graphExit} ;;`,
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return { path, log };
}

function stackDir(name: string, resources: object): string {
  const stack = join(dir, 'cdktf.out', 'stacks', name);
  mkdirSync(stack, { recursive: true });
  writeFileSync(join(stack, 'cdk.tf.json'), JSON.stringify({ resource: resources }));
  return stack;
}

test('plans a stack folder: init once, plan without lock or input, show, graph', () => {
  const stack = stackDir('pod-identity-renamed-aws', { aws_iam_role: {} });
  const terraform = fakeTerraform('destroy-first-identity-renamed');
  const logged: string[] = [];
  const options = {
    env: process.env,
    log: (l: string) => logged.push(l),
    terraform: terraform.path,
  };
  const planned = planStackFolder(stack, options);
  planStackFolder(stack, options);

  expect(planned.plan.stack).toBe('pod-identity-renamed-aws');
  expect(planned.order).toBeDefined();
  const commands = readFileSync(terraform.log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.replace(/\/\S*pod-identity-review-[^/\s]+\/plan/g, '<plan>'));
  expect(commands).toEqual([
    'init -input=false -no-color',
    'plan -out=<plan> -input=false -lock=false -no-color',
    'show -json <plan>',
    'graph -plan=<plan>',
    'plan -out=<plan> -input=false -lock=false -no-color',
    'show -json <plan>',
    'graph -plan=<plan>',
  ]);
  expect(logged).toEqual([
    'pod-identity-renamed-aws: terraform init',
    'pod-identity-renamed-aws: terraform plan',
    'pod-identity-renamed-aws: terraform plan',
  ]);
});

test('a graph Terraform cannot make leaves the order unknown, and says so', () => {
  const stack = stackDir('cloud', { aws_iam_role: {} });
  mkdirSync(join(stack, '.terraform'));
  const logged: string[] = [];
  const planned = planStackFolder(stack, {
    env: process.env,
    log: (l) => logged.push(l),
    terraform: fakeTerraform('destroy-first-identity-renamed', 1).path,
  });
  expect(planned.order).toBeUndefined();
  expect(logged).toEqual([
    'cloud: terraform plan',
    'cloud: terraform graph could not read the plan; the apply order is unknown',
  ]);
});

test('a plan Terraform cannot make fails the review, naming the stack', () => {
  const stack = stackDir('broken', { aws_iam_role: {} });
  const path = join(dir, 'terraform');
  writeFileSync(path, '#!/bin/sh\nexit 1\n');
  chmodSync(path, 0o755);
  mkdirSync(join(stack, '.terraform'));
  expect(() =>
    planStackFolder(stack, { env: process.env, log: () => undefined, terraform: path }),
  ).toThrow(new PlanReadError('broken: terraform plan failed (exit 1)'));
});

test('a stack of Kubernetes objects only has nothing to review; HCL is planned', () => {
  expect(declaresReviewedResources(stackDir('workload', { kubernetes_namespace_v1: {} }))).toBe(
    false,
  );
  expect(declaresReviewedResources(stackDir('aws', { aws_eks_addon: {} }))).toBe(true);
  const hcl = join(dir, 'hcl');
  mkdirSync(hcl);
  expect(declaresReviewedResources(hcl)).toBe(true);
});

test('the stack folders of a synth, sorted; none without a synth', () => {
  stackDir('b', {});
  stackDir('a', {});
  expect(stackFolders(join(dir, 'cdktf.out'))).toEqual([
    join(dir, 'cdktf.out', 'stacks', 'a'),
    join(dir, 'cdktf.out', 'stacks', 'b'),
  ]);
  expect(() => stackFolders(join(dir, 'nothing'))).toThrow(
    new PlanReadError(`${join(dir, 'nothing', 'stacks')}: no such folder (run cdktf synth first)`),
  );
});

test('a plan file names its stack; its graph file gives the order', () => {
  const planned = readPlanFile(
    fixtureFile('destroy-first-namespace-moved.plan.json'),
    fixtureFile('destroy-first-namespace-moved.graph.dot'),
  );
  expect(planned.plan.stack).toBe('destroy-first-namespace-moved');
  expect(planned.order).toBeDefined();
  expect(existsSync(fixtureFile('destroy-first-namespace-moved.plan.json'))).toBe(true);
  expect(() => readPlanFile(join(dir, 'missing.json'))).toThrow(PlanReadError);
});
