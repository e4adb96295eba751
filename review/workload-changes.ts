import { AddonReview, addonReviews } from './addon-changes';
import { ApplyOrder } from './apply-order';
import { listText, replacementReason, roleName } from './change-text';
import { Grant, grantLines, grantsMissingFrom } from './grants';
import { compareText } from './json';
import { ManagedPolicyDocuments, NO_MANAGED_POLICY_DOCUMENTS } from './managed-policies';
import { knownValue, PlanIndex, Side } from './plan-index';
import { isUnknown, ResourceChange, StackPlan, stringAt, Values } from './plan-json';
import { RolePolicies, RoleSide, TRUST_POLICY } from './role-policies';

/**
 * What a plan changes for the workloads: per service account on each
 * cluster, the permissions it gains and loses and whether it goes without
 * credentials for a while (a credential gap), and what happens to each EKS
 * add-on. Read from the plan's IAM roles and their policies, the Pod Identity
 * associations and the add-ons' `pod_identity_association` blocks.
 */

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

export interface ServiceAccountReview {
  /** `apps/app`, or `ebs-csi-controller-sa (add-on aws-ebs-csi-driver)`. */
  readonly title: string;
  /** `role eks-pod-identity-a`, `role eks-pod-identity-a -> eks-pod-identity-b`, ... */
  readonly role: string;
  /** Whether and why it goes without credentials, or keeps them. */
  readonly credentials: readonly Finding[];
  /** Grants it gains: `s3:GetObject on arn:aws:s3:::b/* (policy x)`. */
  readonly gains: readonly string[];
  readonly losses: readonly string[];
  /** The same gains and losses, one grant each (for a check by an IAM evaluator). */
  readonly gained: readonly Grant[];
  readonly lost: readonly Grant[];
  /** Policies attached or detached whose document is not known here: `attaches <arn> (...)`. */
  readonly attachments: readonly string[];
  /** What could not be compared, and why. */
  readonly unknown: readonly string[];
}

export interface Finding {
  /** Whether the workload goes without (some of) its credentials. */
  readonly gap: 'yes' | 'possible' | 'no';
  readonly text: string;
}

export function reviewStack(plan: StackPlan, options: ReviewOptions = {}): StackReview {
  return new StackAnalysis(plan, options).review();
}

interface ServiceAccountKey {
  readonly cluster: string;
  /** Undefined for an add-on's service account: EKS puts it in the add-on's namespace. */
  readonly namespace?: string;
  readonly addon?: string;
  readonly serviceAccount: string;
}

/** What maps a service account to a role: an association, or an add-on's block. */
interface Binding {
  readonly key: ServiceAccountKey;
  readonly change: ResourceChange;
  readonly addon?: string;
  /** The role resource of this plan it names, if it names one. */
  readonly role?: ResourceChange;
  /** The role's ARN, when known. */
  readonly roleArn?: string;
}

class StackAnalysis {
  private readonly index: PlanIndex;
  private readonly policies: RolePolicies;

  constructor(
    private readonly plan: StackPlan,
    private readonly options: ReviewOptions,
  ) {
    this.index = new PlanIndex(plan);
    this.policies = new RolePolicies(
      this.index,
      options.managedPolicies ?? NO_MANAGED_POLICY_DOCUMENTS,
    );
  }

  review(): StackReview {
    const before = this.bindings('before');
    const after = this.bindings('after');
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

  // ---- Who is bound to which role, before and after ----

  private bindings(side: Side): Map<string, Binding> {
    const found = new Map<string, Binding>();
    for (const change of this.index.ofType('aws_eks_pod_identity_association')) {
      const values = change[side];
      if (values === undefined) continue;
      const cluster = stringAt(values, 'cluster_name');
      const namespace = stringAt(values, 'namespace');
      const serviceAccount = stringAt(values, 'service_account');
      if (cluster === undefined || namespace === undefined || serviceAccount === undefined)
        continue;
      const key = { cluster, namespace, serviceAccount };
      const roleArn = knownValue(change, side, 'role_arn');
      const reference =
        side === 'after' ? this.index.referencedRole(change, 'role_arn') : undefined;
      const role = this.index.roleByArn(roleArn, side) ?? reference;
      found.set(keyText(key), {
        key,
        change,
        ...(role !== undefined && { role }),
        ...(roleArn !== undefined && { roleArn }),
      });
    }
    for (const change of this.index.ofType('aws_eks_addon')) {
      const values = change[side];
      if (values === undefined) continue;
      const cluster = stringAt(values, 'cluster_name');
      const addon = stringAt(values, 'addon_name');
      if (cluster === undefined || addon === undefined) continue;
      const blocks = Array.isArray(values.pod_identity_association)
        ? (values.pod_identity_association as Values[])
        : [];
      blocks.forEach((block, index) => {
        const serviceAccount = stringAt(block, 'service_account');
        if (serviceAccount === undefined) return;
        const key = { cluster, addon, serviceAccount };
        const unknown =
          side === 'after' &&
          isUnknown(change.afterUnknown, ['pod_identity_association', index, 'role_arn']);
        const roleArn = unknown ? undefined : stringAt(block, 'role_arn');
        const reference =
          side === 'after' ? this.index.addonBlockRole(change, serviceAccount) : undefined;
        const role = this.index.roleByArn(roleArn, side) ?? reference;
        found.set(keyText(key), {
          key,
          change,
          addon,
          ...(role !== undefined && { role }),
          ...(roleArn !== undefined && { roleArn }),
        });
      });
    }
    return found;
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
    const credentials = this.credentials(key, before, after, allBefore, allAfter);
    // A forgotten association (a `removed` block) stays in EKS as it is.
    const forgotten = after === undefined && before?.change.actions.includes('forget') === true;
    const permissions = forgotten
      ? { gains: [], losses: [], gained: [], lost: [], attachments: [], unknown: [] }
      : this.permissions(roleBefore, roleAfter);
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

  private credentials(
    key: ServiceAccountKey,
    before: Binding | undefined,
    after: Binding | undefined,
    allBefore: ReadonlyMap<string, Binding>,
    allAfter: ReadonlyMap<string, Binding>,
  ): Finding[] {
    if (before !== undefined && after === undefined && before.change.actions.includes('forget')) {
      return [
        {
          gap: 'no',
          text: `keeps its credentials: Terraform forgets ${before.addon === undefined ? 'the association' : `add-on ${before.addon}`} (a removed block) and leaves it in EKS`,
        },
      ];
    }
    if (before !== undefined && after === undefined) {
      const instead = movedTo(key, allBefore, allAfter);
      return [{ gap: 'yes', text: `loses its credentials: ${this.unbound(before)}${instead}` }];
    }
    if (before === undefined && after !== undefined) {
      const from = movedFrom(key, allBefore, allAfter);
      return [{ gap: 'no', text: `gets credentials: ${this.bound(after)}${from}` }];
    }
    if (before === undefined || after === undefined) return [];

    const recreated = this.recreated(after);
    if (recreated !== undefined) return [recreated, ...this.roleReplacement(after)];
    const sameRole =
      before.role !== undefined
        ? before.role.address === after.role?.address
        : before.roleArn !== undefined && before.roleArn === after.roleArn;
    if (sameRole) {
      return [
        ...this.roleReplacement(after),
        ...this.policyReplacements(after),
        ...this.policySwaps(after),
      ];
    }
    return this.roleSwitch(before, after);
  }

  /** How a binding that ends goes: its association or add-on deleted, or its block removed. */
  private unbound(binding: Binding): string {
    const { change } = binding;
    if (binding.addon === undefined) {
      return change.after === undefined
        ? 'association deleted'
        : 'association re-created for another service account';
    }
    if (change.after === undefined) {
      return `add-on ${binding.addon} is deleted, and with it its Pod Identity association`;
    }
    return `add-on ${binding.addon} no longer maps it to a role`;
  }

  private bound(binding: Binding): string {
    const role = roleName(binding, 'after');
    if (binding.addon === undefined) return `association created, to role ${role}`;
    return binding.change.before === undefined
      ? `add-on ${binding.addon} is created with it mapped to role ${role}`
      : `add-on ${binding.addon} now maps it to role ${role}`;
  }

  /** An association or add-on that Terraform deletes and creates again. */
  private recreated(binding: Binding): Finding | undefined {
    const { actions } = binding.change;
    if (actions.length !== 2) return undefined;
    const what =
      binding.addon === undefined ? 'association' : `add-on ${binding.addon} (and its association)`;
    const why = replacementReason(binding.change);
    if (actions[0] === 'delete') {
      return {
        gap: 'yes',
        text: `credential gap: ${what} re-created${why}: deleted, then created`,
      };
    }
    return {
      gap: 'possible',
      text:
        `${what} re-created${why}: created, then the old one deleted; ` +
        'EKS allows one association per service account, so the create fails while the old one exists',
    };
  }

  /** A role replaced (the same resource destroyed and created) under a binding. */
  private roleReplacement(after: Binding): Finding[] {
    const role = after.role;
    if (role === undefined || role.actions.length !== 2) return [];
    const name = roleName(after, 'after');
    const why = replacementReason(role);
    const { subject, holder, updatedText } = wording(after);
    const updated = this.bindingUpdated(after);
    const findings: Finding[] =
      role.actions[0] === 'delete'
        ? [
            {
              gap: 'yes',
              text:
                `credential gap: role ${name} is replaced${why}: destroyed before its replacement exists, ` +
                `so ${holder} names a deleted role until ${updated ? updatedText : 'the replacement is created'}`,
            },
          ]
        : sameName(role)
          ? [
              {
                gap: 'no',
                text:
                  `the apply stops at role ${name}, before changing anything of it: it is replaced${why} ` +
                  'by creating its replacement first, under the same name, which IAM refuses ' +
                  '(EntityAlreadyExists: one account holds one role of a name); give it another name ' +
                  'in the same change (role.name), and the replacement is created beside it',
              },
            ]
          : [
              {
                gap: 'no',
                text:
                  `no credential gap: role ${name} is replaced${why}: its replacement is created first, ` +
                  `${updated ? `${subject} is updated, ` : ''}then the old role is deleted`,
              },
            ];
    // Created first under its name, the replacement is refused and never exists to lack a policy.
    if (role.actions[0] !== 'delete') return findings;
    return [...findings, ...this.policiesNotReattached(role, name)];
  }

  /**
   * A role replaced under the same name keeps its attachments and inline
   * policies in the state, where they name the role by name: Terraform does
   * not create them again, and the provider removes them with the old role
   * (hashicorp/terraform-provider-aws#46270).
   */
  private policiesNotReattached(role: ResourceChange, name: string): Finding[] {
    const before = stringAt(role.before, 'name');
    if (before === undefined || isUnknown(role.afterUnknown, ['name'])) return [];
    if (before !== stringAt(role.after, 'name')) return [];
    const kept = this.policies
      .side({ role }, 'after')
      .sources.filter((source) =>
        source.changes.some(
          (c) =>
            (c.type === 'aws_iam_role_policy_attachment' || c.type === 'aws_iam_role_policy') &&
            c.before !== undefined &&
            !c.actions.includes('create'),
        ),
      )
      .map((source) => source.label);
    if (kept.length === 0) return [];
    const one = kept.length === 1;
    return [
      {
        gap: 'yes',
        text:
          `credential gap: the replacement of role ${name} is created without ${listText(kept)}: ` +
          `this plan does not attach ${one ? 'it' : 'them'} again (${one ? 'its attachment names' : 'they name'} ` +
          `the role by its unchanged name), so the role lacks ${one ? 'it' : 'them'} until a later apply ` +
          `finds ${one ? 'it' : 'them'} missing (hashicorp/terraform-provider-aws#46270)`,
      },
    ];
  }

  /** Whether the binding's resource is updated in place (its role ARN, for one). */
  private bindingUpdated(binding: Binding): boolean {
    return binding.change.actions.includes('update');
  }

  /** The role's own policies re-created, delete first, under an unchanged binding. */
  private policyReplacements(binding: Binding): Finding[] {
    if (binding.role === undefined || binding.role.actions.length === 2) return [];
    const findings: Finding[] = [];
    for (const source of this.policies.side(binding, 'after').sources) {
      for (const change of source.changes) {
        if (change.actions.length === 2 && change.actions[0] === 'delete') {
          findings.push({
            gap: 'yes',
            text:
              `credential gap: ${change.type === 'aws_iam_role_policy_attachment' ? `the attachment of ${source.label}` : source.label} ` +
              `is re-created${replacementReason(change)}: deleted, then created, so the role lacks its permissions in between`,
          });
        }
      }
    }
    return findings;
  }

  /** A binding that moves from one role to another. */
  private roleSwitch(before: Binding, after: Binding): Finding[] {
    const from = roleName(before, 'before');
    const to = roleName(after, 'after');
    const { subject, holder, updatedText } = wording(after);
    const newRole = after.role;
    const findings: Finding[] = [];
    const replaced = this.roleReplacement(after);
    if (replaced.length > 0) findings.push(...replaced);
    const oldRole = before.role;
    const oldDeleted = oldRole !== undefined && oldRole.after === undefined;
    const exists =
      newRole === undefined
        ? 'which is not managed in this stack'
        : newRole.before === undefined
          ? 'which is created first'
          : 'which exists already';
    if (!oldDeleted) {
      if (replaced.length === 0) {
        findings.push({
          gap: 'no',
          text: `no credential gap: ${subject} is updated in place to role ${to}, ${exists}`,
        });
      }
      return findings;
    }
    const order = this.options.order;
    const destroy = { address: oldRole.address, destroy: true };
    const update = { address: after.change.address, destroy: false };
    const clash = this.sameNameClash(oldRole, newRole, from);
    if (clash !== undefined) {
      findings.push(clash);
      return findings;
    }
    if (order === undefined || !order.has(destroy) || !order.has(update)) {
      findings.push({
        gap: 'possible',
        text:
          `possible credential gap: role ${from} is deleted and ${subject} updated to role ${to}, ` +
          "in an order a JSON plan does not record (review the stack folder, or give the plan's " +
          '`terraform graph -plan` with --graph): if the role is deleted first, ' +
          `${holder} names a deleted role until ${updatedText}`,
      });
      return findings;
    }
    const detached = this.policies
      .side({ role: oldRole }, 'before')
      .sources.some((source) =>
        source.changes.some((c) => c.after === undefined && c.type !== 'aws_iam_role'),
      );
    const ordering = order.compare(destroy, update);
    if (ordering === 'before') {
      findings.push({
        gap: 'yes',
        text:
          `credential gap: Terraform planned to delete role ${from}${detached ? ' (after detaching its policies)' : ''} ` +
          `before it updates ${subject} to role ${to}, ${exists}: ` +
          `${holder} names a deleted role until ${updatedText}`,
      });
    } else if (ordering === 'unordered') {
      findings.push({
        gap: 'possible',
        text:
          `possible credential gap: Terraform planned no order between deleting role ${from} and ` +
          `updating ${subject} to role ${to}: if the role goes first, ${holder} names a deleted role until ${updatedText}`,
      });
    } else {
      findings.push({
        gap: 'no',
        text:
          `no credential gap: Terraform planned to update ${subject} to role ${to}, ${exists}, ` +
          `before it deletes role ${from}`,
      });
      findings.push(...this.oldPoliciesFirst(oldRole, update, subject));
    }
    return findings;
  }

  /**
   * A role created at a new address (its identity renamed) under the name of
   * the role deleted at the old one: IAM holds one role of a name, so if the
   * create comes first the apply stops there.
   */
  private sameNameClash(
    oldRole: ResourceChange,
    newRole: ResourceChange | undefined,
    name: string,
  ): Finding | undefined {
    if (newRole === undefined || newRole.before !== undefined) return undefined;
    const oldName = stringAt(oldRole.before, 'name');
    if (oldName === undefined || isUnknown(newRole.afterUnknown, ['name'])) return undefined;
    if (stringAt(newRole.after, 'name') !== oldName) return undefined;
    const order = this.options.order;
    const create = { address: newRole.address, destroy: false };
    const destroy = { address: oldRole.address, destroy: true };
    const known = order !== undefined && order.has(create) && order.has(destroy);
    const ordering = known ? order.compare(create, destroy) : 'unordered';
    if (ordering === 'before') {
      return {
        gap: 'no',
        text:
          `the apply stops at role ${name}, before changing anything of it: it is created at ` +
          `${newRole.address} before the role of that name at ${oldRole.address} is deleted, which IAM ` +
          'refuses (EntityAlreadyExists: one account holds one role of a name); give it another name ' +
          "in the same change (role.name), or keep the identity's name",
      };
    }
    return {
      gap: ordering === 'after' ? 'yes' : 'possible',
      text:
        `${ordering === 'after' ? 'credential gap' : 'possible credential gap'}: role ${name} is deleted at ` +
        `${oldRole.address} and created again at ${newRole.address}` +
        (ordering === 'after'
          ? ': the association names a deleted role until the new one exists and it is updated'
          : known
            ? ', in no order Terraform planned: if the create goes first, IAM refuses it (EntityAlreadyExists)'
            : ", in an order a JSON plan does not record (give the plan's `terraform graph -plan` with " +
              '--graph): if the create goes first, IAM refuses it (EntityAlreadyExists); if the delete ' +
              'goes first, the association names a deleted role until the new one exists and it is updated'),
    };
  }

  /**
   * Under one role, policies detached and others attached: unless Terraform
   * attaches the new ones first, the role has neither for a moment.
   */
  private policySwaps(binding: Binding): Finding[] {
    const role = binding.role;
    if (role === undefined || role.actions.length === 2) return [];
    const removed = this.policies
      .side({ role }, 'before')
      .sources.flatMap((source) =>
        source.changes
          .filter(
            (c) =>
              c.type !== 'aws_iam_role' && c.type !== 'aws_iam_policy' && c.after === undefined,
          )
          .map((change) => ({ label: source.label, change })),
      );
    const added = this.policies
      .side({ role }, 'after')
      .sources.flatMap((source) =>
        source.changes
          .filter(
            (c) =>
              c.type !== 'aws_iam_role' && c.type !== 'aws_iam_policy' && c.before === undefined,
          )
          .map((change) => ({ label: source.label, change })),
      );
    if (removed.length === 0 || added.length === 0) return [];
    const gone = listText(unique(removed.map((r) => r.label)));
    const come = listText(unique(added.map((a) => a.label)));
    const order = this.options.order;
    const orderings =
      order === undefined
        ? []
        : removed.flatMap((r) =>
            added.map((a) =>
              order.has({ address: r.change.address, destroy: true }) &&
              order.has({ address: a.change.address, destroy: false })
                ? order.compare(
                    { address: r.change.address, destroy: true },
                    { address: a.change.address, destroy: false },
                  )
                : undefined,
            ),
          );
    if (order === undefined || orderings.includes(undefined)) {
      return [
        {
          gap: 'possible',
          text:
            `possible credential gap: ${gone} is detached and ${come} attached in an order a JSON plan ` +
            'does not record: if the detach goes first, the role has neither for a moment',
        },
      ];
    }
    if (orderings.includes('before')) {
      return [
        {
          gap: 'yes',
          text: `credential gap: Terraform planned to detach ${gone} before it attaches ${come}: the role has neither for a moment`,
        },
      ];
    }
    if (orderings.includes('unordered')) {
      return [
        {
          gap: 'possible',
          text:
            `possible credential gap: Terraform planned no order between detaching ${gone} and attaching ${come}: ` +
            'the role may have neither for a moment',
        },
      ];
    }
    return [];
  }

  /** The old role's policies removed before (or in no order with) the binding's update. */
  private oldPoliciesFirst(
    oldRole: ResourceChange,
    update: { address: string; destroy: boolean },
    subject: string,
  ): Finding[] {
    const order = this.options.order;
    if (order === undefined) return [];
    const findings: Finding[] = [];
    for (const source of this.policies.side({ role: oldRole }, 'before').sources) {
      for (const change of source.changes.filter((c) => c.after === undefined)) {
        const ordering = order.compare({ address: change.address, destroy: true }, update);
        if (ordering === 'after') continue;
        findings.push({
          gap: ordering === 'before' ? 'yes' : 'possible',
          text:
            ordering === 'before'
              ? `credential gap: ${source.label} is removed from the old role before ${subject} is updated`
              : `possible credential gap: ${source.label} is removed from the old role in no set order with the update of ${subject}`,
        });
      }
    }
    return findings;
  }

  // ---- Permissions ----

  /**
   * What the service account can do before and after, compared grant by
   * grant. The trust policy is compared only when it has a role on both
   * sides: for a service account that gains or loses its role, what matters
   * is what the role allows, not who may assume it.
   */
  private permissions(
    before: RoleSide | undefined,
    after: RoleSide | undefined,
  ): Pick<
    ServiceAccountReview,
    'gains' | 'losses' | 'gained' | 'lost' | 'attachments' | 'unknown'
  > {
    const trust = before !== undefined && after !== undefined;
    const sources = (role: RoleSide | undefined) =>
      (role?.sources ?? []).filter((s) => trust || s.label !== TRUST_POLICY);
    const unknown: string[] = [];
    for (const role of [before, after]) {
      if (role?.external !== undefined) unknown.push(role.external);
      for (const source of sources(role)) {
        if (source.unknown !== undefined) unknown.push(source.unknown);
      }
    }
    if (trust && before?.external === undefined && after?.external === undefined) {
      if (before?.boundary !== after?.boundary) {
        unknown.push(
          `its permissions boundary changes (${before?.boundary ?? 'none'} -> ${after?.boundary ?? 'none'}): ` +
            'what a boundary takes away from the grants above is not worked out here',
        );
      }
    }
    const unknownAfter = new Set(
      sources(after)
        .filter((s) => s.unknown !== undefined)
        .map((s) => s.label),
    );
    const grants = (role: RoleSide | undefined, skip: ReadonlySet<string> = new Set()) =>
      sources(role)
        .filter((s) => !skip.has(s.label))
        .flatMap((s) => s.grants);
    const opaque = (role: RoleSide | undefined) =>
      sources(role).flatMap((s) => (s.opaque === undefined ? [] : [s.opaque]));
    const opaqueBefore = opaque(before);
    const opaqueAfter = opaque(after);
    const has = (list: readonly { key: string }[], key: string) => list.some((o) => o.key === key);
    const gained = grantsMissingFrom(grants(after), grants(before));
    const lost = grantsMissingFrom(grants(before, unknownAfter), grants(after));
    return {
      gains: grantLines(gained),
      losses: grantLines(lost),
      gained: gained.map((g) => g.grant),
      lost: lost.map((g) => g.grant),
      attachments: [
        ...opaqueAfter.filter((o) => !has(opaqueBefore, o.key)).map((o) => o.gained),
        ...opaqueBefore.filter((o) => !has(opaqueAfter, o.key)).map((o) => o.lost),
      ],
      unknown: [...new Set(unknown)],
    };
  }

  // ---- Add-ons ----
}

/** A resource replaced whose `name` stays the same (known on both sides). */
function sameName(change: ResourceChange): boolean {
  const before = stringAt(change.before, 'name');
  return (
    before !== undefined &&
    !isUnknown(change.afterUnknown, ['name']) &&
    before === stringAt(change.after, 'name')
  );
}

// ---- Text ----

function keyText(key: ServiceAccountKey): string {
  return JSON.stringify([key.cluster, key.namespace ?? '', key.addon ?? '', key.serviceAccount]);
}

function titleOf(key: ServiceAccountKey): string {
  return key.addon === undefined
    ? `${key.namespace}/${key.serviceAccount}`
    : `${key.serviceAccount} (add-on ${key.addon})`;
}

/** How findings name what maps the service account, and its update. */
function wording(binding: Binding): { subject: string; holder: string; updatedText: string } {
  if (binding.addon === undefined) {
    return { subject: 'the association', holder: 'the association', updatedText: 'it is updated' };
  }
  return {
    subject: `add-on ${binding.addon}`,
    holder: `add-on ${binding.addon}'s association`,
    updatedText: 'the add-on is updated',
  };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function roleSummary(before: RoleSide | undefined, after: RoleSide | undefined): string {
  if (before === undefined) return `new, role ${after?.label ?? '(none)'}`;
  if (after === undefined) return `no role any more (was ${before.label})`;
  if (before.label === after.label) return `role ${after.label}`;
  return `role ${before.label} -> ${after.label}`;
}

/** For a service account that loses its binding: another one on the cluster that gains its role. */
function movedTo(
  key: ServiceAccountKey,
  before: ReadonlyMap<string, Binding>,
  after: ReadonlyMap<string, Binding>,
): string {
  const other = [...after.values()].find(
    (b) =>
      b.key.cluster === key.cluster &&
      b.key.serviceAccount === key.serviceAccount &&
      keyText(b.key) !== keyText(key) &&
      !before.has(keyText(b.key)),
  );
  if (other === undefined) return '';
  return (
    `; ${titleOf(other.key)} gets a role instead, but it is another service account ` +
    `(a namespace is part of a service account's identity): pods still running as ${titleOf(key)} get no credentials`
  );
}

/** For a service account that gains a binding: another one on the cluster that loses its own. */
function movedFrom(
  key: ServiceAccountKey,
  before: ReadonlyMap<string, Binding>,
  after: ReadonlyMap<string, Binding>,
): string {
  const other = [...before.values()].find(
    (b) =>
      b.key.cluster === key.cluster &&
      b.key.serviceAccount === key.serviceAccount &&
      keyText(b.key) !== keyText(key) &&
      !after.has(keyText(b.key)),
  );
  if (other === undefined) return '';
  return `; it takes over from ${titleOf(other.key)}, which loses its credentials`;
}

/** EKS Pod Identity assumes the role as pods.eks.amazonaws.com, with sts:AssumeRole and sts:TagSession. */
function trustFinding(role: RoleSide): Finding[] {
  const trust = role.sources.find((s) => s.label === TRUST_POLICY);
  if (trust === undefined || trust.unknown !== undefined) return [];
  const allows = (action: string) =>
    trust.grants.some(
      ({ grant }) =>
        grant.effect === 'Allow' &&
        !grant.notAction &&
        grant.targetKind === 'principal' &&
        (grant.target === 'Service pods.eks.amazonaws.com' || grant.target === 'anyone (*)') &&
        actionMatches(grant.action, action),
    );
  const missing = ['sts:AssumeRole', 'sts:TagSession'].filter((a) => !allows(a));
  if (missing.length === 0) return [];
  return [
    {
      gap: 'yes',
      text:
        `no credentials: the trust policy of role ${role.label} does not let ` +
        `pods.eks.amazonaws.com ${missing.join(' and ')}, so EKS Pod Identity cannot use it`,
    },
  ];
}

function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return regex.test(action);
}
