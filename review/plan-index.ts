import { isUnknown, referencedResources, ResourceChange, StackPlan, stringAt } from './plan-json';

/** The two sides of a plan: the state before, the planned values after. */
export type Side = 'before' | 'after';

/** A plan's managed resources by type and address, and how to follow a reference to a role. */
export class PlanIndex {
  private readonly byType = new Map<string, ResourceChange[]>();
  private readonly byAddress = new Map<string, ResourceChange>();

  constructor(readonly plan: StackPlan) {
    for (const change of plan.resources) {
      if (change.mode !== 'managed') continue;
      this.byAddress.set(change.address, change);
      this.byType.set(change.type, [...(this.byType.get(change.type) ?? []), change]);
    }
  }

  ofType(type: string): readonly ResourceChange[] {
    return this.byType.get(type) ?? [];
  }

  at(address: string): ResourceChange | undefined {
    return this.byAddress.get(address);
  }

  /** The role an attribute of `change` references in the configuration. */
  referencedRole(change: ResourceChange, attribute: string): ResourceChange | undefined {
    return this.roleAmong(referencedResources(change.expressions?.attributes.get(attribute)));
  }

  /** The role an add-on's block for `serviceAccount` references in the configuration. */
  addonBlockRole(addon: ResourceChange, serviceAccount: string): ResourceChange | undefined {
    const blocks = addon.expressions?.blocks.get('pod_identity_association') ?? [];
    const block = blocks.find((b) => b.get('service_account')?.constant === serviceAccount);
    return this.roleAmong(referencedResources(block?.get('role_arn')));
  }

  roleByArn(arn: string | undefined, side: Side): ResourceChange | undefined {
    if (arn === undefined) return undefined;
    return this.ofType('aws_iam_role').find((role) => stringAt(role[side], 'arn') === arn);
  }

  private roleAmong(addresses: readonly string[]): ResourceChange | undefined {
    for (const address of addresses) {
      const found = this.byAddress.get(address);
      if (found?.type === 'aws_iam_role') return found;
    }
    return undefined;
  }
}

/** A string attribute of a change's side; undefined when unknown until the apply, or empty. */
export function knownValue(
  change: ResourceChange,
  side: Side,
  attribute: string,
): string | undefined {
  if (side === 'after' && isUnknown(change.afterUnknown, [attribute])) return undefined;
  const value = stringAt(change[side], attribute);
  return value === '' ? undefined : value;
}
