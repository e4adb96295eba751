import { isUnknown, PlanReadError, readPlan, readPlanJson } from '../../review/plan-json';
import { fixturePlan } from '../support/review-fixtures';

/** Reading a plan's JSON: what the review takes from it, and what it refuses. */

test('reads the changes, the documents read during the plan and the references', () => {
  const plan = fixturePlan('destroy-first-identity-renamed');
  expect(plan.terraformVersion).toBe('1.11.4');
  const association = plan.resources.find((r) => r.type === 'aws_eks_pod_identity_association');
  expect(association?.actions).toEqual(['update']);
  expect(association?.expressions?.attributes.get('role_arn')?.references).toEqual([
    'aws_iam_role.invoicing_role_0D99BE89.arn',
    'aws_iam_role.invoicing_role_0D99BE89',
  ]);
  expect(isUnknown(association?.afterUnknown, ['role_arn'])).toBe(true);
  const oldRole = plan.resources.find((r) => r.address === 'aws_iam_role.billing_role_CCCC86C1');
  expect(oldRole?.actionReason).toBe('delete_because_no_resource_config');
  expect(oldRole?.after).toBeUndefined();
  expect([...plan.policyDocuments.keys()]).toEqual([
    'data.aws_iam_policy_document.invoicing_assume_role_EE0A53D6',
  ]);
});

test('a policy document read during the apply is there, unknown', () => {
  const plan = readPlan(
    {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'data.aws_iam_policy_document.x',
          mode: 'data',
          type: 'aws_iam_policy_document',
          change: { actions: ['read'], before: null, after: {}, after_unknown: { json: true } },
        },
      ],
    },
    'deferred',
  );
  expect(plan.policyDocuments.has('data.aws_iam_policy_document.x')).toBe(true);
  expect(plan.policyDocuments.get('data.aws_iam_policy_document.x')).toBeUndefined();
});

test('refuses text that is not JSON, with what the parser says', () => {
  expect(() => readPlanJson('{', 'prod')).toThrow(/^prod: the plan is not JSON \(.+\)$/);
});

test.each([
  ['[]', 'prod: not a Terraform plan in JSON (terraform show -json <plan file>): not an object'],
  [
    '{}',
    'prod: not a Terraform plan in JSON (terraform show -json <plan file>): no format_version',
  ],
  [
    '{"format_version":"2.0","planned_values":{}}',
    'prod: not a Terraform plan in JSON (terraform show -json <plan file>): format_version 2.0, not 1.x',
  ],
  [
    '{"format_version":"1.0","values":{}}',
    'prod: not a Terraform plan in JSON (terraform show -json <plan file>): no planned_values or resource_changes: a state, not a plan?',
  ],
  [
    '{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","change":{}}]}',
    'prod: not a Terraform plan in JSON (terraform show -json <plan file>): resource_changes[0] (a.b) has no change.actions',
  ],
])('refuses %s', (text, message) => {
  expect(() => readPlanJson(text, 'prod')).toThrow(new PlanReadError(message));
});
