import { documentGrants, Grant, PolicyDocumentError, SourcedGrant } from './grants';
import { arnRoleName, listText, RoleReference } from './change-text';
import {
  awsManagedPolicyName,
  managedPolicyDocument,
  ManagedPolicyDocuments,
} from './managed-policies';
import { knownValue, PlanIndex, Side } from './plan-index';
import { referencedResources, ResourceChange, stringAt } from './plan-json';

/**
 * What a role of the plan has on one side of it: its trust policy, its
 * inline policies (`aws_iam_role_policy`), and what its attachments
 * (`aws_iam_role_policy_attachment`) attach: a customer managed policy of
 * the plan (`aws_iam_policy`), an AWS-managed policy by ARN (expanded from a
 * recorded document when there is one), or another policy by ARN. Each with
 * its grants, or why they cannot be known.
 */

export const TRUST_POLICY = 'trust policy';

/** One policy of a role, on one side of the plan. */
export interface PolicySource {
  /** `trust policy`, `inline policy statements`, `policy eks-pod-identity-x-s3-read`. */
  readonly label: string;
  readonly grants: readonly SourcedGrant[];
  /** Why its grants are not compared: unknown until the apply, unreadable. */
  readonly unknown?: string;
  /** An attached policy without a document here: compared by ARN. */
  readonly opaque?: { readonly key: string; readonly gained: string; readonly lost: string };
  /** The resources that make it: the role, the attachment, the policy, the inline policy. */
  readonly changes: readonly ResourceChange[];
}

export interface RoleSide {
  /** The role's name, or its address while its name is unknown. */
  readonly label: string;
  readonly sources: readonly PolicySource[];
  /** Set for a role this plan does not manage (or not yet known): why its policies are not here. */
  readonly external?: string;
  /** The ARN of its permissions boundary, if it has one. */
  readonly boundary?: string;
}

export class RolePolicies {
  constructor(
    private readonly index: PlanIndex,
    private readonly managedPolicies: ManagedPolicyDocuments,
  ) {}

  /** A role on one side: its name and every policy it has. */
  side(binding: RoleReference, side: Side): RoleSide {
    const role = binding.role;
    if (role === undefined || role[side] === undefined) {
      const arn = binding.roleArn;
      const name = arn === undefined ? 'known only after apply' : arnRoleName(arn);
      return {
        label: name,
        sources: [],
        external:
          arn === undefined
            ? 'its role, known only after apply'
            : `role ${name}, not managed in this stack: its policies are not in this plan`,
      };
    }
    const name = knownValue(role, side, 'name');
    const sources: PolicySource[] = [
      this.document(
        TRUST_POLICY,
        this.documentText(role, 'assume_role_policy', side),
        [role],
        side,
      ),
    ];
    for (const inline of this.index.ofType('aws_iam_role_policy')) {
      if (!this.belongsTo(inline, role, name, side)) continue;
      const label = `inline policy ${knownValue(inline, side, 'name') ?? inline.address}`;
      sources.push(this.document(label, this.documentText(inline, 'policy', side), [inline], side));
    }
    for (const attachment of this.index.ofType('aws_iam_role_policy_attachment')) {
      if (!this.belongsTo(attachment, role, name, side)) continue;
      sources.push(this.attached(attachment, side));
    }
    const boundary = knownValue(role, side, 'permissions_boundary');
    return {
      label: name ?? `${role.address} (name known after apply)`,
      sources,
      ...(boundary !== undefined && boundary !== '' && { boundary }),
    };
  }
  /** Whether a policy resource is the role's on this side: by its `role` reference or name. */
  private belongsTo(
    change: ResourceChange,
    role: ResourceChange,
    roleName: string | undefined,
    side: Side,
  ): boolean {
    if (change[side] === undefined) return false;
    if (side === 'after') {
      const referenced = referencedResources(change.expressions?.attributes.get('role'));
      if (referenced.length > 0) return referenced.includes(role.address);
    }
    const value = knownValue(change, side, 'role');
    return value !== undefined && value === roleName;
  }
  private attached(attachment: ResourceChange, side: Side): PolicySource {
    const arn = knownValue(attachment, side, 'policy_arn');
    const referenced =
      side === 'after'
        ? referencedResources(attachment.expressions?.attributes.get('policy_arn'))
            .map((a) => this.index.at(a))
            .find((c) => c?.type === 'aws_iam_policy')
        : undefined;
    const policy =
      referenced ??
      this.index
        .ofType('aws_iam_policy')
        .find((p) => arn !== undefined && stringAt(p[side], 'arn') === arn);
    if (policy !== undefined && policy[side] !== undefined) {
      const name = knownValue(policy, side, 'name') ?? policy.address;
      return this.document(
        `policy ${name}`,
        this.documentText(policy, 'policy', side),
        [attachment, policy],
        side,
      );
    }
    if (arn === undefined) {
      return {
        label: attachment.address,
        grants: [],
        unknown: `the policy ${attachment.address} attaches, known only after apply`,
        changes: [attachment],
      };
    }
    const managed = awsManagedPolicyName(arn);
    if (managed !== undefined) {
      const recorded = managedPolicyDocument(this.managedPolicies, arn);
      if (recorded !== undefined) {
        return this.document(`AWS-managed ${managed}`, recorded, [attachment], side);
      }
      return {
        label: managed,
        grants: [],
        opaque: {
          key: arn,
          gained: `attaches ${arn} (AWS-managed; its document is not recorded here)`,
          lost: `no longer attaches ${arn} (AWS-managed; its document is not recorded here)`,
        },
        changes: [attachment],
      };
    }
    return {
      label: arn,
      grants: [],
      opaque: {
        key: arn,
        gained: `attaches ${arn} (not managed in this stack; its document is not in this plan)`,
        lost: `no longer attaches ${arn} (not managed in this stack; its document is not in this plan)`,
      },
      changes: [attachment],
    };
  }
  /**
   * A policy document attribute's JSON on one side; after the apply, when
   * the value is unknown, the `data.aws_iam_policy_document` it comes from if
   * that one was read during the plan, or why it is unknown.
   */
  private documentText(
    change: ResourceChange,
    attribute: string,
    side: Side,
  ): string | { readonly unknown: string } {
    const value = knownValue(change, side, attribute);
    if (value !== undefined) return value;
    if (side === 'before') return { unknown: 'not in the state' };
    const sources = referencedResources(change.expressions?.attributes.get(attribute)).filter(
      (address) => this.index.plan.policyDocuments.has(address),
    );
    const read = sources.map((address) => this.index.plan.policyDocuments.get(address));
    if (sources.length === 1 && read[0] !== undefined) return read[0];
    const deferred = sources.filter((_, index) => read[index] === undefined);
    return {
      unknown:
        deferred.length > 0
          ? `known only after apply (${listText(deferred)} is read during the apply)`
          : 'known only after apply',
    };
  }
  private document(
    label: string,
    json: string | { readonly unknown: string },
    changes: readonly ResourceChange[],
    side: Side,
  ): PolicySource {
    if (typeof json !== 'string') {
      return { label, grants: [], unknown: `${label}, ${json.unknown}`, changes };
    }
    try {
      const grants = documentGrants(json).map((grant: Grant) => ({ grant, source: label }));
      return { label, grants, changes };
    } catch (error) {
      if (!(error instanceof PolicyDocumentError)) throw error;
      return {
        label,
        grants: [],
        unknown: `${label} (${side}), which cannot be read: ${error.message}`,
        changes,
      };
    }
  }
}
