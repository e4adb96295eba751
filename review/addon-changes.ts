import { replacementReason, roleName } from './change-text';
import { compareText } from './json';
import { knownValue, PlanIndex, Side } from './plan-index';
import { isUnknown, ResourceChange, stringAt, Values } from './plan-json';

/**
 * What a plan does to each EKS add-on: created, upgraded, deleted or
 * re-created, and which of its service accounts moves to which role.
 */
export interface AddonReview {
  readonly name: string;
  /** `version v1.26.0-eksbuild.1 -> v1.31.0-eksbuild.1`, `service account x: role a -> role b`. */
  readonly changes: readonly string[];
}

/** The add-ons the plan changes, with their cluster. */
export function addonReviews(index: PlanIndex): { cluster: string; review: AddonReview }[] {
  return new AddonChanges(index).addons();
}

class AddonChanges {
  constructor(private readonly index: PlanIndex) {}

  addons(): { cluster: string; review: AddonReview }[] {
    const found: { cluster: string; review: AddonReview }[] = [];
    for (const addon of this.index.ofType('aws_eks_addon')) {
      const values = addon.after ?? addon.before;
      const cluster = stringAt(values, 'cluster_name');
      const name = stringAt(values, 'addon_name');
      if (cluster === undefined || name === undefined) continue;
      const changes = this.addonChanges(addon);
      if (changes.length > 0) found.push({ cluster, review: { name, changes } });
    }
    return found;
  }

  private addonChanges(addon: ResourceChange): string[] {
    const version = (side: Side) =>
      knownValue(addon, side, 'addon_version') ??
      (side === 'after' ? "EKS's default, known after apply" : 'unknown');
    const { actions } = addon;
    const lines: string[] = [];
    if (actions.length === 2) {
      lines.push(
        `re-created${replacementReason(addon)}: ${actions[0] === 'delete' ? 'deleted, then created' : 'created, then the old one deleted'}` +
          `, version ${version('before')} -> ${version('after')}`,
      );
    } else if (actions[0] === 'create') {
      lines.push(`created, version ${version('after')}`);
    } else if (actions[0] === 'delete') {
      const preserve =
        addon.before?.preserve === true ? ' (preserve: its software stays on the cluster)' : '';
      lines.push(`deleted, version ${version('before')}${preserve}`);
    } else if (actions[0] === 'update') {
      const from = version('before');
      const to = version('after');
      if (from !== to) lines.push(`version ${from} -> ${to}`);
      const others = changedAttributes(addon).filter(
        (a) => !['addon_version', 'pod_identity_association', 'tags_all'].includes(a),
      );
      if (others.length > 0) lines.push(`updated in place: ${others.join(', ')}`);
    }
    const blocks = (side: Side) => {
      const map = new Map<string, string>();
      const values = addon[side];
      const list = Array.isArray(values?.pod_identity_association)
        ? (values.pod_identity_association as Values[])
        : [];
      list.forEach((block, index) => {
        const serviceAccount = stringAt(block, 'service_account');
        if (serviceAccount === undefined) return;
        const unknown =
          side === 'after' &&
          isUnknown(addon.afterUnknown, ['pod_identity_association', index, 'role_arn']);
        const arn = unknown ? undefined : stringAt(block, 'role_arn');
        const role =
          this.index.roleByArn(arn, side) ??
          (side === 'after' ? this.index.addonBlockRole(addon, serviceAccount) : undefined);
        map.set(
          serviceAccount,
          roleName({ ...(role && { role }), ...(arn && { roleArn: arn }) }, side),
        );
      });
      return map;
    };
    const before = blocks('before');
    const after = blocks('after');
    for (const serviceAccount of [...new Set([...before.keys(), ...after.keys()])].sort(
      compareText,
    )) {
      const from = before.get(serviceAccount);
      const to = after.get(serviceAccount);
      if (from === undefined && to !== undefined) {
        lines.push(`service account ${serviceAccount}: role ${to}`);
      } else if (from !== undefined && to === undefined) {
        lines.push(`service account ${serviceAccount}: no role any more (was ${from})`);
      } else if (from !== to) {
        lines.push(`service account ${serviceAccount}: role ${from} -> ${to}`);
      }
    }
    return lines;
  }
}

/** Top-level attributes whose value changes, or becomes unknown. */
function changedAttributes(change: ResourceChange): string[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter(
      (name) =>
        isUnknown(change.afterUnknown, [name]) ||
        JSON.stringify(before[name] ?? null) !== JSON.stringify(after[name] ?? null),
    )
    .sort(compareText);
}
