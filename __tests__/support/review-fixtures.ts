import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplyOrder } from '../../review/apply-order';
import { readManagedPolicyDocuments } from '../../review/managed-policies';
import { readPlanJson, StackPlan } from '../../review/plan-json';
import { renderText } from '../../review/render';
import { ReviewOptions, reviewStack } from '../../review/workload-changes';

/**
 * The review's fixtures (`__tests__/review/fixtures/`, made by
 * make-fixtures.ts from real Terraform runs against moto): each case's plan
 * JSON, the graph Terraform printed for it, and the order its apply went in.
 */
export const REVIEW_FIXTURES_DIR = join(__dirname, '..', 'review', 'fixtures');

export const FIXTURES = [
  // The cases of cases.ts with the stacks as they are (create-first replacement).
  's3-bucket-scoped',
  'identity-renamed',
  'identity-renamed-keeping-name',
  'role-path-changed',
  'service-account-switched',
  'namespace-moved',
  'addon-upgraded',
  // The same cases with the stacks before 5a9d61b (destroy-first replacement): plans
  // with credential gaps, which the review must still find in such stacks.
  'destroy-first-s3-bucket-scoped',
  'destroy-first-identity-renamed',
  'destroy-first-role-path-changed',
  'destroy-first-service-account-switched',
  'destroy-first-namespace-moved',
  'destroy-first-addon-upgraded',
] as const;
export type FixtureName = (typeof FIXTURES)[number];

export function fixtureFile(name: string): string {
  return join(REVIEW_FIXTURES_DIR, name);
}

export function fixturePlanJson(name: FixtureName): Record<string, unknown> {
  return JSON.parse(readFileSync(fixtureFile(`${name}.plan.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

export function fixturePlan(name: FixtureName): StackPlan {
  return readPlanJson(readFileSync(fixtureFile(`${name}.plan.json`), 'utf8'), name);
}

export function fixtureOrder(name: FixtureName): ApplyOrder {
  return ApplyOrder.fromDot(readFileSync(fixtureFile(`${name}.graph.dot`), 'utf8'));
}

/** The apply's operations as they went: `aws_iam_role.x: Destroying...`, one a line. */
export function fixtureApply(name: FixtureName): string[] {
  return readFileSync(fixtureFile(`${name}.apply.txt`), 'utf8')
    .trim()
    .split('\n');
}

/** The test map of AWS-managed policy documents (AmazonS3ReadOnlyAccess). */
export function fixtureManagedPolicies() {
  const file = fixtureFile('managed-policies.json');
  return readManagedPolicyDocuments(readFileSync(file, 'utf8'), file);
}

/** The review of a fixture as text lines, with its graph unless told otherwise. */
export function reviewLines(
  name: FixtureName,
  options: ReviewOptions & { readonly withGraph?: boolean } = {},
): string[] {
  const { withGraph = true, ...rest } = options;
  const review = reviewStack(fixturePlan(name), {
    ...(withGraph && { order: fixtureOrder(name) }),
    ...rest,
  });
  return renderText([review]).trimEnd().split('\n');
}
