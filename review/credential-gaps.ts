import { ApplyOrder } from './apply-order';
import { Binding, movedFrom, movedTo, ServiceAccountKey, wording } from './bindings';
import { listText, replacementReason, roleName } from './change-text';
import { isUnknown, ResourceChange, stringAt } from './plan-json';
import { RolePolicies } from './role-policies';

/**
 * Whether a service account goes without credentials for a while across a
 * plan (a credential gap), and why: its association or add-on re-created, its
 * role replaced or deleted before the binding moves off it, its policies
 * detached before their replacements are attached, or a change IAM refuses.
 * Where the order decides, it is read from `terraform graph -plan`.
 */

export interface Finding {
  /** Whether the workload goes without (some of) its credentials. */
  readonly gap: 'yes' | 'possible' | 'no';
  readonly text: string;
}

export class CredentialGaps {
  constructor(
    private readonly policies: RolePolicies,
    /** @default - unknown: where the order decides, the finding says it cannot tell */
    private readonly order: ApplyOrder | undefined,
  ) {}

  /** The findings for one service account, bound `before` and `after` (or not). */
  findings(
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
    const order = this.order;
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
    const order = this.order;
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
    const removed = this.policyChanges(role, 'before');
    const added = this.policyChanges(role, 'after');
    if (removed.length === 0 || added.length === 0) return [];
    const gone = listText(unique(removed.map((r) => r.label)));
    const come = listText(unique(added.map((a) => a.label)));
    const order = this.order;
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

  /**
   * The role's attachments and inline policies that exist only on `side`:
   * detached (only before) or attached (only after) by the plan.
   */
  private policyChanges(
    role: ResourceChange,
    side: 'before' | 'after',
  ): { label: string; change: ResourceChange }[] {
    const other = side === 'before' ? 'after' : 'before';
    return this.policies
      .side({ role }, side)
      .sources.flatMap((source) =>
        source.changes
          .filter(
            (c) =>
              c.type !== 'aws_iam_role' && c.type !== 'aws_iam_policy' && c[other] === undefined,
          )
          .map((change) => ({ label: source.label, change })),
      );
  }

  /** The old role's policies removed before (or in no order with) the binding's update. */
  private oldPoliciesFirst(
    oldRole: ResourceChange,
    update: { address: string; destroy: boolean },
    subject: string,
  ): Finding[] {
    const order = this.order;
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

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
