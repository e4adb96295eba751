import { Problems } from '../check/problems';
import { IamStatement } from '../core/iam';
import { show } from '../core/json-value';
import { byDefault, derived, field, inFile, Origin } from '../core/origin';
import * as rules from '../core/rules';
import { follows } from '../core/rules';
import {
  AssociationSettings,
  defaultRoleName,
  IdentitySettings,
  NEEDS_ASSOCIATIONS,
  RoleSettings,
} from '../model/identities';
import { Association, Identity, Role, S3Access, WrittenArn } from '../model/model';
import { S3Settings, StatementSettings } from '../model/permissions';
import { TUTORIAL } from '../model/tutorial';
import { PresetPlacement } from '../presets/preset';
import { presetPlacement, PresetSettings } from '../presets/catalogue';
import { compact, Lenient, present } from './lenient';
import { ResolvedClusters } from './resolve-clusters';
import { resolveKubernetesObjects } from './resolve-kubernetes';

/** What an identity's resolution reads besides the identity itself. */
export interface IdentityContext {
  readonly clusters: ResolvedClusters;
  /** Whether the schema refused the value at a path, or one inside it. */
  refused(origin: Origin): boolean;
  readonly problems: Problems;
}

/** An identity of the file, resolved, and what its last steps need of the file. */
export interface ResolvedIdentity {
  readonly identity: Identity;
  /** False when the file leaves a preset identity's associations out. */
  readonly associationsListed: boolean;
  /** migrateFromIrsa: its IRSA trust is resolved once its associations are all known. */
  readonly migratesFromIrsa: boolean;
}

/** The tutorial's identity: role eks-pod-identity-example, the dvawscli Deployment. */
export function tutorialIdentity(cluster: string, problems: Problems): ResolvedIdentity {
  const origin = byDefault('identities');
  const identity: Identity = {
    name: TUTORIAL.identity,
    origin,
    role: {
      kind: 'created',
      arn: undefined,
      adoption: undefined,
      name: TUTORIAL.roleName,
      namePrefix: undefined,
      nameOrigin: origin,
      path: undefined,
      description: undefined,
      permissionsBoundary: undefined,
      maxSessionDuration: undefined,
      tags: {},
    },
    preset: undefined,
    s3: { access: 'managed-read-only', buckets: [TUTORIAL.bucket] },
    managedPolicyArns: [],
    statements: [],
    trust: { sourceAccount: false, restrictToAssociations: false },
    associations: [
      {
        cluster,
        namespace: TUTORIAL.namespace,
        serviceAccount: TUTORIAL.serviceAccount,
        origin,
        tags: {},
        kubernetes: resolveKubernetesObjects(true, origin, problems),
        addon: undefined,
      },
    ],
    irsa: undefined,
    arns: [],
  };
  return { identity, associationsListed: true, migratesFromIrsa: false };
}

/** An identity entry of the file; undefined when its role cannot be named. */
export function resolveIdentity(
  parsed: Lenient<IdentitySettings>,
  origin: Origin,
  context: IdentityContext,
): ResolvedIdentity | undefined {
  const role = resolveRole(parsed.name, parsed.role, origin, context.problems);
  if (role === undefined) return undefined;
  const presetAt = field(origin, 'preset');
  const placement = parsed.preset === undefined ? undefined : presetPlacement(parsed.preset.name);
  // A preset refused for its own problem is reported already: what it would give is not required.
  const refusedPreset = placement === undefined && context.refused(presetAt);
  const associationsAt = field(origin, 'associations');
  if (
    parsed.associations === undefined &&
    placement === undefined &&
    !refusedPreset &&
    !context.refused(associationsAt)
  ) {
    context.problems.addField(associationsAt, `is required: ${NEEDS_ASSOCIATIONS}`);
  }
  const associations = present(parsed.associations ?? []).flatMap(([association, index]) => {
    const at = field(associationsAt, index);
    return resolveAssociation(association, at, placement, refusedPreset, context) ?? [];
  });
  const preset = parsed.preset === undefined ? undefined : presetSettings(parsed.preset);
  // An existing role is used as it is: the stack grants it nothing.
  const s3: S3Access =
    role.kind === 'existing' ? { access: 'none' } : resolveS3(parsed.s3, placement !== undefined);
  const identity: Identity = {
    name: parsed.name,
    origin,
    role,
    preset: preset === undefined ? undefined : { settings: preset, origin: presetAt },
    s3,
    managedPolicyArns: compact(parsed.managedPolicyArns),
    statements: compact(parsed.statements).map(statementOf),
    trust: {
      sourceAccount: parsed.trust.sourceAccount,
      restrictToAssociations: parsed.trust.restrictToAssociations,
    },
    associations,
    // Known once every association is: see irsaTrust.
    irsa: undefined,
    arns: [
      ...(role.arn === undefined ? [] : [{ arn: role.arn, origin: field(origin, 'role', 'arn') }]),
      ...present(parsed.managedPolicyArns).map(([arn, index]) => ({
        arn,
        origin: field(origin, 'managedPolicyArns', index),
      })),
      ...(role.permissionsBoundary === undefined
        ? []
        : [
            {
              arn: role.permissionsBoundary,
              origin: field(origin, 'role', 'permissionsBoundary'),
            },
          ]),
      ...(parsed.s3?.access === 'bucket-scoped'
        ? present(parsed.s3.kmsKeyArns ?? []).map(([arn, index]) => ({
            arn,
            origin: field(origin, 's3', 'kmsKeyArns', index),
          }))
        : []),
      ...(parsed.preset === undefined ? [] : presetArns(parsed.preset, presetAt)),
    ],
  };
  return {
    identity,
    associationsListed: parsed.associations !== undefined,
    migratesFromIrsa: parsed.migrateFromIrsa,
  };
}

/** The role with its name: as set, or derived from the identity's name. */
function resolveRole(
  name: string,
  role: Lenient<RoleSettings>,
  origin: Origin,
  problems: Problems,
): Role | undefined {
  const settings = {
    path: role.path,
    description: role.description,
    permissionsBoundary: role.permissionsBoundary,
    maxSessionDuration: role.maxSessionDuration,
    tags: role.tags,
  };
  if (role.arn !== undefined) {
    return {
      kind: 'existing',
      arn: role.arn,
      adoption: undefined,
      name: undefined,
      namePrefix: undefined,
      nameOrigin: field(origin, 'role', 'arn'),
      ...settings,
    };
  }
  const created = { kind: 'created', arn: undefined, adoption: undefined } as const;
  if (role.name !== undefined) {
    const nameOrigin = field(origin, 'role', 'name');
    const kind = role.adopt
      ? ({
          kind: 'adopted',
          arn: undefined,
          adoption: { protect: role.protect, release: role.release },
        } as const)
      : created;
    return { ...kind, name: role.name, namePrefix: undefined, nameOrigin, ...settings };
  }
  if (role.namePrefix !== undefined) {
    const nameOrigin = field(origin, 'role', 'namePrefix');
    return { ...created, name: undefined, namePrefix: role.namePrefix, nameOrigin, ...settings };
  }
  const derivedName = defaultRoleName(name);
  if (!follows(rules.iamRoleName, derivedName)) {
    problems.add(
      field(origin, 'name'),
      name,
      `gives the role name ${show(derivedName)} (${derivedName.length} characters), more than IAM's 64; set role.name or role.namePrefix`,
    );
    return undefined;
  }
  const nameOrigin = derived(field(origin, 'name'), 'derived role name');
  return {
    kind: 'created',
    arn: undefined,
    adoption: undefined,
    name: derivedName,
    namePrefix: undefined,
    nameOrigin,
    ...settings,
  };
}

/** The S3 access, every default applied: the tutorial's, or none for a preset identity. */
function resolveS3(s3: Lenient<S3Settings> | undefined, hasPreset: boolean): S3Access {
  if (s3 === undefined) {
    return hasPreset ? { access: 'none' } : { access: 'managed-read-only', buckets: [] };
  }
  const buckets = compact(s3.buckets ?? []);
  switch (s3.access) {
    case 'none':
      return { access: 'none' };
    case 'managed-read-only':
      return { access: 'managed-read-only', buckets };
    case 'bucket-scoped':
      return {
        access: 'bucket-scoped',
        buckets,
        prefix: s3.prefix ?? '',
        namespacePrefixes: s3.namespacePrefixes ?? false,
        kmsKeyArns: compact(s3.kmsKeyArns ?? []),
      };
  }
}

/** A statement of the file as IAM writes it: no `Condition` without conditions. */
function statementOf(statement: Lenient<StatementSettings>): IamStatement {
  const conditions = compact(statement.conditions).map((condition) => ({
    test: condition.test,
    variable: condition.variable,
    values: compact(condition.values),
  }));
  return {
    ...(statement.sid !== undefined && { sid: statement.sid }),
    effect: statement.effect,
    actions: compact(statement.actions),
    resources: compact(statement.resources),
    ...(conditions.length > 0 && { conditions }),
  };
}

/** A preset's settings as the schema read them, its lists without holes. */
export function presetSettings(settings: Lenient<PresetSettings>): PresetSettings {
  return Object.fromEntries(
    Object.entries(settings).map(([key, value]) => [
      key,
      Array.isArray(value) ? compact(value as readonly unknown[]) : value,
    ]),
  ) as PresetSettings;
}

/** The ARNs among a preset's settings (those of an add-on entry too), where each is written. */
export function presetArns(settings: object, at: Origin): WrittenArn[] {
  return Object.entries(settings).flatMap(([key, value]): WrittenArn[] => {
    if (Array.isArray(value)) {
      return present(value as readonly unknown[]).flatMap(([item, index]) =>
        typeof item === 'string' && item.startsWith('arn:')
          ? [{ arn: item, origin: field(at, key, index) }]
          : [],
      );
    }
    return typeof value === 'string' && value.startsWith('arn:')
      ? [{ arn: value, origin: field(at, key) }]
      : [];
  });
}

function resolveAssociation(
  association: Lenient<AssociationSettings>,
  origin: Origin,
  placement: PresetPlacement | undefined,
  refusedPreset: boolean,
  context: IdentityContext,
): Association | undefined {
  const cluster = associationCluster(association.cluster, origin, context);
  const fromPreset = (key: 'namespace' | 'serviceAccount') => {
    const value =
      association[key] ??
      (key === 'namespace' ? placement?.namespace : placement?.serviceAccounts[0]);
    // Reported already when refused; required when left out without a preset.
    if (value === undefined && !refusedPreset && !context.refused(field(origin, key))) {
      context.problems.addField(field(origin, key), 'is required');
    }
    return value;
  };
  const namespace = fromPreset('namespace');
  const serviceAccount = fromPreset('serviceAccount');
  if (cluster === undefined || namespace === undefined || serviceAccount === undefined) {
    return undefined;
  }
  const objects = association.kubernetes ?? (placement === undefined ? true : false);
  return {
    cluster,
    namespace,
    serviceAccount,
    origin,
    tags: association.tags,
    kubernetes:
      objects === false
        ? undefined
        : resolveKubernetesObjects(objects, field(origin, 'kubernetes'), context.problems),
    addon: undefined,
  };
}

/** The association's cluster: as named (renamed by `CLUSTER_NAME`), or the only one. */
function associationCluster(
  named: string | undefined,
  origin: Origin,
  context: IdentityContext,
): string | undefined {
  const { problems } = context;
  const { clusters, renamed, declared } = context.clusters;
  const at = field(origin, 'cluster');
  if (named === undefined) {
    // Left out, or refused for its own problem (reported already).
    if (context.refused(at)) return undefined;
    // With one cluster listed it is implied (undefined here if that one was refused).
    if (declared === 1) return clusters[0]?.name;
    problems.addField(
      at,
      `is required when more than one cluster is configured (${clusters.map((c) => c.name).join(', ')})`,
    );
    return undefined;
  }
  // CLUSTER_NAME renames the one configured cluster, and with it every reference.
  const cluster = renamed !== undefined && named === renamed ? clusters[0].name : named;
  if (!clusters.some((c) => c.name === cluster)) {
    // A cluster listed but refused for its own problem is not reported again here.
    if (clusters.length < declared) return undefined;
    problems.add(
      at,
      named,
      `is not a configured cluster (configured: ${clusters.map((c) => c.name).join(', ')})`,
    );
    return undefined;
  }
  return cluster;
}

/** Identity entries of the file, each at its own position. */
export function identitiesOf(
  listed: Lenient<readonly IdentitySettings[]>,
  context: IdentityContext,
): ResolvedIdentity[] {
  return present(listed).flatMap(
    ([identity, index]) => resolveIdentity(identity, inFile('identities', index), context) ?? [],
  );
}
