import { AddonReview, addonReviews } from './addon-changes';
import { ApplyOrder } from './apply-order';
import { Binding, bindingsOf, keyText, ServiceAccountKey, titleOf } from './bindings';
import { CredentialGaps, Finding } from './credential-gaps';
import { compareText } from './json';
import { ManagedPolicyDocuments, NO_MANAGED_POLICY_DOCUMENTS } from './managed-policies';
import {
  NO_PERMISSION_CHANGES,
  PermissionChanges,
  permissionChanges,
  trustFinding,
} from './permission-changes';
import { PlanIndex } from './plan-index';
import { StackPlan } from './plan-json';
import { RolePolicies, RoleSide } from './role-policies';

/**
 * What a plan changes for the workloads: per service account on each
 * cluster, the permissions it gains and loses (permission-changes.ts) and
 * whether it goes without credentials for a while (credential-gaps.ts), and
 * what happens to each EKS add-on (addon-changes.ts). Read from the plan's
 * IAM roles and their policies, the Pod Identity associations and the
 * add-ons' `pod_identity_association` blocks (bindings.ts).
 */

export type { Finding };

/** The resource types the review reads; a stack with none of them has nothing to review. */
export const REVIEWED_TYPES = [
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_policy',
  'aws_iam_role_policy_attachment',
  'aws_eks_pod_identity_association',
  'aws_eks_addon',
] as const;

export interface ReviewOptions {
  /**
   * Documents of AWS-managed policies, by name.
   * @default - none: an attached AWS-managed policy is named, not expanded
   */
  readonly managedPolicies?: ManagedPolicyDocuments;
  /**
   * The order Terraform will apply the plan in (`terraform graph -plan`).
   * @default - unknown: where the order decides a credential gap, the review says it cannot tell
   */
  readonly order?: ApplyOrder;
}

export interface StackReview {
  readonly stack: string;
  readonly clusters: readonly ClusterReview[];
}

export type { AddonReview };

export interface ClusterReview {
  readonly cluster: string;
  readonly addons: readonly AddonReview[];
  readonly serviceAccounts: readonly ServiceAccountReview[];
}

export interface ServiceAccountReview extends PermissionChanges {
  /** `apps/app`, or `ebs-csi-controller-sa (add-on aws-ebs-csi-driver)`. */
  readonly title: string;
  /** `role eks-pod-identity-a`, `role eks-pod-identity-a -> eks-pod-identity-b`, ... */
  readonly role: string;
  /** Whether and why it goes without credentials, or keeps them. */
  readonly credentials: readonly Finding[];
}

export function reviewStack(plan: StackPlan, options: ReviewOptions = {}): StackReview {
  return new StackAnalysis(plan, options).review();
}

class StackAnalysis {
  private readonly index: PlanIndex;
  private readonly policies: RolePolicies;
  private readonly gaps: CredentialGaps;

  constructor(
    private readonly plan: StackPlan,
    options: ReviewOptions,
  ) {
    this.index = new PlanIndex(plan);
    this.policies = new RolePolicies(
      this.index,
      options.managedPolicies ?? NO_MANAGED_POLICY_DOCUMENTS,
    );
    this.gaps = new CredentialGaps(this.policies, options.order);
  }

  review(): StackReview {
    const before = bindingsOf(this.index, 'before');
    const after = bindingsOf(this.index, 'after');
    const keys = new Map<string, ServiceAccountKey>();
    for (const binding of [...before.values(), ...after.values()]) {
      keys.set(keyText(binding.key), binding.key);
    }
    const accounts: { key: ServiceAccountKey; review: ServiceAccountReview }[] = [];
    for (const [text, key] of keys) {
      const review = this.serviceAccount(key, before.get(text), after.get(text), before, after);
      if (review !== undefined) accounts.push({ key, review });
    }
    const addons = addonReviews(this.index);
    const clusters = [
      ...new Set([...accounts.map((a) => a.key.cluster), ...addons.map((a) => a.cluster)]),
    ].sort(compareText);
    return {
      stack: this.plan.stack,
      clusters: clusters.map((cluster) => ({
        cluster,
        addons: addons
          .filter((a) => a.cluster === cluster)
          .map((a) => a.review)
          .sort((a, b) => compareText(a.name, b.name)),
        serviceAccounts: accounts
          .filter((a) => a.key.cluster === cluster)
          .map((a) => a.review)
          .sort((a, b) => compareText(a.title, b.title)),
      })),
    };
  }

  // ---- One service account ----

  private serviceAccount(
    key: ServiceAccountKey,
    before: Binding | undefined,
    after: Binding | undefined,
    allBefore: ReadonlyMap<string, Binding>,
    allAfter: ReadonlyMap<string, Binding>,
  ): ServiceAccountReview | undefined {
    const roleBefore = before === undefined ? undefined : this.policies.side(before, 'before');
    const roleAfter = after === undefined ? undefined : this.policies.side(after, 'after');
    const credentials = this.gaps.findings(key, before, after, allBefore, allAfter);
    // A forgotten association (a `removed` block) stays in EKS as it is.
    const forgotten = after === undefined && before?.change.actions.includes('forget') === true;
    const permissions = forgotten
      ? NO_PERMISSION_CHANGES
      : permissionChanges(roleBefore, roleAfter);
    const trust = after !== undefined && roleAfter !== undefined ? trustFinding(roleAfter) : [];
    if (
      credentials.length === 0 &&
      trust.length === 0 &&
      permissions.gains.length === 0 &&
      permissions.losses.length === 0 &&
      permissions.attachments.length === 0 &&
      permissions.unknown.length === 0
    ) {
      return undefined;
    }
    return {
      title: titleOf(key),
      role: roleSummary(roleBefore, roleAfter),
      credentials: [...credentials, ...trust],
      ...permissions,
    };
  }
}

function roleSummary(before: RoleSide | undefined, after: RoleSide | undefined): string {
  if (before === undefined) return `new, role ${after?.label ?? '(none)'}`;
  if (after === undefined) return `no role any more (was ${before.label})`;
  if (before.label === after.label) return `role ${after.label}`;
  return `role ${before.label} -> ${after.label}`;
}
