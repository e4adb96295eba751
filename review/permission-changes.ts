import { actionCovers, Grant, grantLines, grantsMissingFrom } from './grants';
import { RoleSide, TRUST_POLICY } from './role-policies';
import type { Finding } from './credential-gaps';

/** What a service account's role allows before and after a plan, and whether EKS can assume it. */

/** The permission half of a service account's review. */
export interface PermissionChanges {
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

/** No change: for a binding Terraform forgets, which stays in EKS as it is. */
export const NO_PERMISSION_CHANGES: PermissionChanges = {
  gains: [],
  losses: [],
  gained: [],
  lost: [],
  attachments: [],
  unknown: [],
};

/**
 * What the service account can do before and after, compared grant by
 * grant. The trust policy is compared only when it has a role on both
 * sides: for a service account that gains or loses its role, what matters
 * is what the role allows, not who may assume it.
 */
export function permissionChanges(
  before: RoleSide | undefined,
  after: RoleSide | undefined,
): PermissionChanges {
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

export /** EKS Pod Identity assumes the role as pods.eks.amazonaws.com, with sts:AssumeRole and sts:TagSession. */
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
        actionCovers(grant.action, action),
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
