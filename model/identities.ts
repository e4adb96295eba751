import * as z from 'zod';
import { about, integer, list, named, required, settings, stringMap, report } from '../core/fields';
import { kubernetes } from './kubernetes';
import { managedPolicyArns, s3, statements } from './permissions';
import { presetSchema } from '../presets/catalogue';
import { IAM_QUOTAS } from '../core/quotas';
import * as rules from '../core/rules';

/** An identity: one IAM role, its trust, and where it is used. */

/** Default role name of an identity that sets neither `name` nor `namePrefix`. */
export function defaultRoleName(identity: string): string {
  return `eks-pod-identity-${identity}`;
}

const TAG_LIMIT = { max: IAM_QUOTAS.tagsPerResource, what: 'tags' } as const;

/** AWS tags: at most 50 per resource, the provider's default tags counted with them. */
export const awsTags = (description: string) =>
  about(stringMap(rules.awsTagKey, rules.awsTagValue, TAG_LIMIT), description).prefault({});

const role = settings({
  name: named(
    rules.iamRoleName,
    'IAM role name; unique, as IAM compares them, regardless of case. Default: eks-pod-identity-<identity name>.',
  ).optional(),
  namePrefix: named(
    rules.iamRoleNamePrefix,
    'Instead of name: a prefix Terraform completes to a unique name.',
  ).optional(),
  path: named(rules.iamPath, 'IAM path. Default: /.').optional(),
  description: named(rules.iamDescription, 'Description of the role.').optional(),
  permissionsBoundary: named(
    rules.managedPolicyArn,
    "Managed policy that bounds what the role may do, in the region's partition.",
  ).optional(),
  maxSessionDuration: about(
    integer(
      IAM_QUOTAS.maxSessionDuration.min,
      IAM_QUOTAS.maxSessionDuration.max,
      ' seconds (IAM allows 1 to 12 hours)',
    ),
    "Longest session, in seconds (IAM allows 1 to 12 hours). Default: IAM's, one hour.",
  ).optional(),
  tags: awsTags('Tags of the role (and of its customer managed policies).'),
  arn: named(
    rules.iamRoleArn,
    'An existing role, used as it is: the stack creates only the associations (and the Kubernetes objects) and changes nothing in IAM, so settings that would change the role are refused. The role must trust pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession (EKS refuses the association otherwise).',
  ).optional(),
  adopt: about(
    z.boolean(),
    "Adopt the existing role named name: the stack imports it into its state (a Terraform import block) and manages it from then on like any role it created, adding Pod Identity's trust statement. Attachments and inline policies the configuration does not name are left alone.",
  ).default(false),
  protect: about(
    z.boolean(),
    'With adopt: refuse to delete the role (lifecycle prevent_destroy): terraform destroy stops with an error rather than delete a role the team had before. false lets destroy delete it.',
  ).default(true),
  release: about(
    z.boolean(),
    'With adopt: stop managing the role and leave it in IAM as it is (a Terraform removed block); deploy with it before destroying the stack to keep the role. Its associations stay.',
  ).default(false),
}).superRefine((value, context) => {
  if (value.name !== undefined && value.namePrefix !== undefined) {
    report(context, {
      path: ['namePrefix'],
      message:
        'cannot be set together with name: a role has either a fixed name or a generated one',
    });
  }
  if (value.arn !== undefined) {
    for (const key of ROLE_SETTINGS) {
      if (value[key] !== undefined) report(context, { path: [key], message: WITH_EXISTING_ROLE });
    }
    if (Object.keys(value.tags).length > 0) {
      report(context, { path: ['tags'], message: WITH_EXISTING_ROLE });
    }
    if (value.adopt) {
      report(context, {
        path: ['adopt'],
        message:
          'cannot be set together with arn: an existing role is used as it is, an adopted one is managed by the stack',
      });
    }
  }
  if (value.adopt && value.name === undefined && value.arn === undefined) {
    report(context, {
      path: ['adopt'],
      message: 'needs role.name: the role to adopt is the one IAM knows by that name',
    });
  }
  if (!value.adopt) {
    for (const key of ['protect', 'release'] as const) {
      if (value[key] !== (key === 'protect')) {
        report(context, { path: [key], message: 'only applies with adopt: true' });
      }
    }
  }
});

/** The role settings an existing role refuses: each would change the role. */
const ROLE_SETTINGS = [
  'name',
  'namePrefix',
  'path',
  'description',
  'permissionsBoundary',
  'maxSessionDuration',
] as const;

/** Why a setting that would change the role is refused with an existing one. */
export const WITH_EXISTING_ROLE =
  'does not apply with role.arn: the existing role is used as it is, and this would change it';

export type RoleSettings = z.output<typeof role>;

const trust = settings({
  sourceAccount: about(
    z.boolean(),
    'Add aws:SourceAccount = this account (data "aws_caller_identity") to the trust policy.',
  ).default(false),
  restrictToAssociations: about(
    z.boolean(),
    "One trust statement per association, requiring its exact session tags eks-cluster-arn, kubernetes-namespace and kubernetes-service-account (separate value lists in one statement would also let cluster A's namespace pair with cluster B's service account). sts:TagSession is always kept.",
  ).default(false),
});

export const association = settings({
  cluster: named(
    rules.eksClusterName,
    'A configured cluster. Default: the only one; required when more than one is configured.',
  ).optional(),
  namespace: named(
    rules.dnsLabel,
    "Kubernetes namespace of the service account. Required, unless the identity's preset gives it.",
  ).optional(),
  serviceAccount: named(
    rules.dnsSubdomain,
    "Kubernetes service account the pods run as. One association per namespace and service account on a cluster (EKS's rule). Required, unless the identity's preset gives it.",
  ).optional(),
  tags: awsTags('Tags of the association.'),
  kubernetes: kubernetes.optional(),
});

/** Why an identity without a preset needs associations, for the message that says so. */
export const NEEDS_ASSOCIATIONS =
  'each identity needs at least one association: its role is only used through them';

export const identity = settings({
  name: required(
    named(
      rules.identityName,
      'Unique name of the identity: its construct ID, and its role name eks-pod-identity-<name> unless role sets one.',
    ),
  ),
  role: about(role, 'The IAM role.').prefault({}),
  preset: presetSchema.optional(),
  s3: s3.optional(),
  managedPolicyArns,
  statements,
  trust: about(trust, "Optional narrowing of the role's trust policy.").prefault({}),
  associations: about(
    list(association, NEEDS_ASSOCIATIONS),
    "Where the role is used: each maps a service account on a cluster to the role. Required without a preset; with one, left out, the identity is associated on every cluster with the preset's namespace and service account.",
  ).optional(),
  migrateFromIrsa: about(
    z.boolean(),
    "While its workloads move from IRSA to Pod Identity: the role also keeps IRSA's trust (a statement per cluster's OIDC provider, clusters[].oidcProviderArn, for exactly the associated service accounts), and the service accounts created here and the chart values keep the eks.amazonaws.com/role-arn annotation. Remove it to finish the migration.",
  ).default(false),
}).superRefine((value, context) => {
  if (value.migrateFromIrsa && value.role.namePrefix !== undefined) {
    report(context, {
      path: ['migrateFromIrsa'],
      message:
        'needs a role name, not role.namePrefix: the eks.amazonaws.com/role-arn annotation IRSA reads names the role',
    });
  }
  if (value.role.arn === undefined) return;
  // An existing role is used as it is: what would add to or change it is refused.
  const changes: [key: string, given: boolean][] = [
    ['preset', value.preset !== undefined],
    ['s3', value.s3 !== undefined],
    ['managedPolicyArns', value.managedPolicyArns.length > 0],
    ['statements', value.statements.length > 0],
    ['migrateFromIrsa', value.migrateFromIrsa],
  ];
  for (const [key, given] of changes) {
    if (given) report(context, { path: [key], message: WITH_EXISTING_ROLE });
  }
  for (const key of ['sourceAccount', 'restrictToAssociations'] as const) {
    if (value.trust[key]) report(context, { path: ['trust', key], message: WITH_EXISTING_ROLE });
  }
});

export type IdentitySettings = z.output<typeof identity>;
export type AssociationSettings = z.output<typeof association>;
