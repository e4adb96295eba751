import { clusterArn, IamCondition, IamStatement, PolicyContext } from '../core/iam';
import { Association, Identity } from '../model/model';

/** The service principal of EKS Pod Identity. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

/** The session tags EKS Pod Identity sets when it assumes a role. */
export const SESSION_TAG = {
  clusterArn: 'eks-cluster-arn',
  namespace: 'kubernetes-namespace',
  serviceAccount: 'kubernetes-service-account',
} as const;

/** Sid of the tutorial's (and AWS's documented) trust statement. */
export const TRUST_SID = 'AllowEksAuthToAssumeRoleForPodIdentity';

/**
 * The role's trust policy: the tutorial's single statement, or, with
 * `restrictToAssociations`, one statement per association whose session tags
 * must match that association's cluster, namespace and service account as a
 * whole (separate value lists would also admit cross pairings); then IRSA's,
 * while the identity migrates from it.
 */
export function trustStatements(
  identity: Pick<Identity, 'trust' | 'associations' | 'irsa'>,
  context: PolicyContext,
): IamStatement[] {
  return [...podIdentityTrust(identity, context), ...irsaTrust(identity)];
}

/**
 * IRSA's trust while an identity migrates: per cluster, a web identity from
 * its OIDC provider, for the audience STS and exactly the configured
 * service accounts (the `sub` claim of their projected tokens).
 */
function irsaTrust(identity: Pick<Identity, 'irsa'>): IamStatement[] {
  return (identity.irsa ?? []).map((trust, index) => ({
    sid: `${IRSA_TRUST_SID}${index + 1}`,
    effect: 'Allow',
    principals: [{ type: 'Federated', identifiers: [trust.oidcProviderArn] }],
    actions: ['sts:AssumeRoleWithWebIdentity'],
    conditions: [
      { test: 'StringEquals', variable: `${trust.issuer}:aud`, values: ['sts.amazonaws.com'] },
      { test: 'StringEquals', variable: `${trust.issuer}:sub`, values: trust.subjects },
    ],
  }));
}

/** Sid prefix of IRSA's trust statements, one per cluster. */
export const IRSA_TRUST_SID = 'AllowIrsaWebIdentity';

function podIdentityTrust(
  identity: Pick<Identity, 'trust' | 'associations'>,
  context: PolicyContext,
): IamStatement[] {
  const sourceAccount: IamCondition[] = identity.trust.sourceAccount
    ? [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [context.accountId] }]
    : [];
  const base = {
    effect: 'Allow' as const,
    principals: [{ type: 'Service', identifiers: [POD_IDENTITY_PRINCIPAL] }],
    actions: ['sts:AssumeRole', 'sts:TagSession'],
  };
  if (!identity.trust.restrictToAssociations) {
    return [
      { sid: TRUST_SID, ...base, ...(sourceAccount.length > 0 && { conditions: sourceAccount }) },
    ];
  }
  return identity.associations.map((association, index) => ({
    sid: `${TRUST_SID}${index + 1}`,
    ...base,
    conditions: [...sourceAccount, ...associationTagConditions(association, context)],
  }));
}

function associationTagConditions(
  association: Pick<Association, 'cluster' | 'namespace' | 'serviceAccount'>,
  context: PolicyContext,
): IamCondition[] {
  const tag = (name: string, value: string): IamCondition => ({
    test: 'StringEquals',
    variable: `aws:RequestTag/${name}`,
    values: [value],
  });
  return [
    tag(SESSION_TAG.clusterArn, clusterArn(context, association.cluster)),
    tag(SESSION_TAG.namespace, association.namespace),
    tag(SESSION_TAG.serviceAccount, association.serviceAccount),
  ];
}

/** The annotation IRSA reads a service account's role from. */
export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

/**
 * The role ARN IRSA's annotation names while an identity migrates (its
 * service accounts keep the annotation until the migration is done):
 * undefined for an identity that does not migrate. The role is in the
 * account of its clusters' OIDC provider.
 */
export function irsaRoleArn(
  identity: Pick<Identity, 'irsa' | 'role'>,
  partition: string,
): string | undefined {
  const [trust] = identity.irsa ?? [];
  if (trust === undefined || identity.role.name === undefined) return undefined;
  const account = trust.oidcProviderArn.split(':')[4];
  return `arn:${partition}:iam::${account}:role${identity.role.path ?? '/'}${identity.role.name}`;
}
