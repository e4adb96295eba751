import { ACCOUNT_ID_STAND_IN, policyLength } from '../../policy/iam-statement';
import { planRole } from '../../policy/role-plan';
import { AwsPartition } from '../schema/partition';
import { IAM_QUOTAS } from '../schema/quotas';
import { TUTORIAL } from '../schema/tutorial';
import { IamLimits, IdentityConfig } from '../schema/types';
import { Problems } from '../read/problems';
import { checkUnique } from './unique';

export interface RoleCheckContext {
  readonly partition: AwsPartition;
  /** The region, when valid; cluster ARNs in narrowed trust policies contain it. */
  readonly region?: string;
  readonly iamLimits: IamLimits;
}

/**
 * IAM's quotas, checked on the role plan (exactly what the role construct
 * creates) so that they fail at synth instead of at apply: managed policies
 * attached once each and at most the quota, and each document's size as
 * IAM counts it.
 */
export function checkRolePlan(
  identity: IdentityConfig,
  path: string,
  context: RoleCheckContext,
  problems: Problems,
): void {
  const limits = context.iamLimits;
  const plan = planRole(identity, {
    partition: context.partition,
    region: context.region ?? TUTORIAL.region,
    accountId: ACCOUNT_ID_STAND_IN,
  });

  // The same policy twice would count twice against the quota and attach twice.
  const own = plan.managedPolicies.filter((p) => p.source === 'managedPolicyArns');
  checkUnique(
    own.map((p) => ({ path: `${path}.managedPolicyArns`, value: p.arn })),
    'managed policy',
    problems,
  );
  for (const attached of plan.managedPolicies) {
    if (attached.source !== 'managedPolicyArns' && own.some((p) => p.arn === attached.arn)) {
      problems.add(
        `${path}.managedPolicyArns`,
        attached.arn,
        `is attached already by ${attached.source}: leave it out`,
      );
    }
  }

  const managed = plan.managedPolicies.length + plan.customerPolicies.length;
  if (managed > limits.managedPoliciesPerRole) {
    problems.addField(
      path,
      `attaches ${managed} managed policies to its role, more than the ${limits.managedPoliciesPerRole} IAM allows (iamLimits.managedPoliciesPerRole raises it to at most ${IAM_QUOTAS.managedPoliciesPerRole.max} once AWS has raised the quota)`,
    );
  }
  const sizes: [string, number, number, string][] = [
    [
      'a trust policy',
      policyLength(plan.trust),
      limits.trustPolicyCharacters,
      ` (iamLimits.trustPolicyCharacters raises it to at most ${IAM_QUOTAS.trustPolicyCharacters.max} once AWS has raised the quota)`,
    ],
    ...plan.customerPolicies.map((document): [string, number, number, string] => [
      document.what,
      policyLength(document.statements),
      limits.managedPolicyCharacters,
      '',
    ]),
  ];
  if (plan.inlinePolicies.length > 0) {
    sizes.push([
      plan.inlinePolicies.length === 1 ? plan.inlinePolicies[0].what : 'inline policies',
      plan.inlinePolicies.reduce((sum, document) => sum + policyLength(document.statements), 0),
      limits.inlinePolicyCharacters,
      '',
    ]);
  }
  for (const [what, length, limit, hint] of sizes) {
    if (length > limit) {
      problems.addField(
        path,
        `has ${what} of ${length} characters, more than the ${limit} IAM allows${hint}`,
      );
    }
  }
}
