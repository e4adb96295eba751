import { knownValue, PlanIndex, Side } from './plan-index';
import { isUnknown, ResourceChange, stringAt, Values } from './plan-json';

/**
 * Who is bound to which role on one side of a plan: each Pod Identity
 * association, and each service account an add-on's
 * `pod_identity_association` block maps, keyed by cluster, namespace (or
 * add-on) and service account.
 */

export interface ServiceAccountKey {
  readonly cluster: string;
  /** Undefined for an add-on's service account: EKS puts it in the add-on's namespace. */
  readonly namespace?: string;
  readonly addon?: string;
  readonly serviceAccount: string;
}

/** What maps a service account to a role: an association, or an add-on's block. */
export interface Binding {
  readonly key: ServiceAccountKey;
  readonly change: ResourceChange;
  readonly addon?: string;
  /** The role resource of this plan it names, if it names one. */
  readonly role?: ResourceChange;
  /** The role's ARN, when known. */
  readonly roleArn?: string;
}

/** The bindings of `side`, by `keyText` of their key. */
export function bindingsOf(index: PlanIndex, side: Side): Map<string, Binding> {
  const found = new Map<string, Binding>();
  for (const change of index.ofType('aws_eks_pod_identity_association')) {
    const values = change[side];
    if (values === undefined) continue;
    const cluster = stringAt(values, 'cluster_name');
    const namespace = stringAt(values, 'namespace');
    const serviceAccount = stringAt(values, 'service_account');
    if (cluster === undefined || namespace === undefined || serviceAccount === undefined) continue;
    const key = { cluster, namespace, serviceAccount };
    const roleArn = knownValue(change, side, 'role_arn');
    const reference = side === 'after' ? index.referencedRole(change, 'role_arn') : undefined;
    const role = index.roleByArn(roleArn, side) ?? reference;
    found.set(keyText(key), {
      key,
      change,
      ...(role !== undefined && { role }),
      ...(roleArn !== undefined && { roleArn }),
    });
  }
  for (const change of index.ofType('aws_eks_addon')) {
    const values = change[side];
    if (values === undefined) continue;
    const cluster = stringAt(values, 'cluster_name');
    const addon = stringAt(values, 'addon_name');
    if (cluster === undefined || addon === undefined) continue;
    const blocks = Array.isArray(values.pod_identity_association)
      ? (values.pod_identity_association as Values[])
      : [];
    blocks.forEach((block, position) => {
      const serviceAccount = stringAt(block, 'service_account');
      if (serviceAccount === undefined) return;
      const key = { cluster, addon, serviceAccount };
      const unknown =
        side === 'after' &&
        isUnknown(change.afterUnknown, ['pod_identity_association', position, 'role_arn']);
      const roleArn = unknown ? undefined : stringAt(block, 'role_arn');
      const reference = side === 'after' ? index.addonBlockRole(change, serviceAccount) : undefined;
      const role = index.roleByArn(roleArn, side) ?? reference;
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

export function keyText(key: ServiceAccountKey): string {
  return JSON.stringify([key.cluster, key.namespace ?? '', key.addon ?? '', key.serviceAccount]);
}

export function titleOf(key: ServiceAccountKey): string {
  return key.addon === undefined
    ? `${key.namespace}/${key.serviceAccount}`
    : `${key.serviceAccount} (add-on ${key.addon})`;
}

export /** How findings name what maps the service account, and its update. */
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

/**
 * The binding of `side` (not of `other`) for the same service account name
 * on the same cluster under another key: a service account moved to another
 * namespace (or add-on), which is another service account to EKS.
 */
function namesake(
  key: ServiceAccountKey,
  side: ReadonlyMap<string, Binding>,
  other: ReadonlyMap<string, Binding>,
): Binding | undefined {
  return [...side.values()].find(
    (b) =>
      b.key.cluster === key.cluster &&
      b.key.serviceAccount === key.serviceAccount &&
      keyText(b.key) !== keyText(key) &&
      !other.has(keyText(b.key)),
  );
}

/** For a service account that loses its binding: another one on the cluster that gains its role. */
export function movedTo(
  key: ServiceAccountKey,
  before: ReadonlyMap<string, Binding>,
  after: ReadonlyMap<string, Binding>,
): string {
  const other = namesake(key, after, before);
  if (other === undefined) return '';
  return (
    `; ${titleOf(other.key)} gets a role instead, but it is another service account ` +
    `(a namespace is part of a service account's identity): pods still running as ${titleOf(key)} get no credentials`
  );
}

/** For a service account that gains a binding: another one on the cluster that loses its own. */
export function movedFrom(
  key: ServiceAccountKey,
  before: ReadonlyMap<string, Binding>,
  after: ReadonlyMap<string, Binding>,
): string {
  const other = namesake(key, before, after);
  if (other === undefined) return '';
  return `; it takes over from ${titleOf(other.key)}, which loses its credentials`;
}
