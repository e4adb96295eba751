import { ACCOUNT_ID_STAND_IN, policyLength } from '../core/iam';
import { field } from '../core/origin';
import { IAM_QUOTAS } from '../core/quotas';
import { Identity, Model } from '../model/model';
import { planRole } from '../policy/role-plan';
import { Problems } from './problems';
import { checkUnique } from './unique';

/**
 * IAM's quotas, checked on the role plan (exactly what the role construct
 * creates) so that they fail at synth instead of at apply: managed policies
 * attached once each and at most the quota, and each document's size as
 * IAM counts it.
 */
export function checkRolePlan(
  identity: Identity,
  model: Pick<Model, 'partition' | 'region' | 'iamLimits'>,
  problems: Problems,
): void {
  const limits = model.iamLimits;
  const plan = planRole(identity, {
    partition: model.partition,
    region: model.region,
    accountId: ACCOUNT_ID_STAND_IN,
  });
  const own = field(identity.origin, 'managedPolicyArns');

  // The same policy twice would count twice against the quota and attach twice.
  const listed = plan.managedPolicies.filter((p) => p.source === 'managedPolicyArns');
  checkUnique(
    listed.map((p) => ({ origin: own, value: p.arn })),
    'managed policy',
    problems,
  );
  for (const attached of plan.managedPolicies) {
    if (attached.source !== 'managedPolicyArns' && listed.some((p) => p.arn === attached.arn)) {
      problems.add(own, attached.arn, `is attached already by ${attached.source}: leave it out`);
    }
  }

  const managed = plan.managedPolicies.length + plan.customerPolicies.length;
  if (managed > limits.managedPoliciesPerRole) {
    problems.addField(
      identity.origin,
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
        identity.origin,
        `has ${what} of ${length} characters, more than the ${limit} IAM allows${hint}`,
      );
    }
  }
}
