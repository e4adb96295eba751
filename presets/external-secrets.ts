import { IamCondition, IamStatement } from '../core/iam';
import { dnsSuffixOf } from '../core/partition';
import { kmsKeyArns, parameterArns, secretArns } from './parameters';
import { ChartValues, definePreset, PresetDocument, SettingsOf, ValuesContext } from './preset';

const parameters = {
  secretArns: secretArns('every secret of the account in the region'),
  parameterArns: parameterArns('every parameter of the account in the region'),
  kmsKeyArns: kmsKeyArns(
    'Customer managed KMS keys the secrets and parameters are encrypted with (kms:Decrypt through Secrets Manager and SSM; with a push list, also kms:GenerateDataKey and kms:Encrypt)',
    'none: AWS managed keys need no grant',
  ),
  pushSecretArns: secretArns(
    'none: PushSecret cannot write to Secrets Manager',
    "Secrets Manager secrets PushSecret may create, update, and delete when tagged managed-by=external-secrets (as ESO tags the secrets it creates). Wildcards allowed: Secrets Manager adds a random suffix to a new secret's name, so end each with *, as in secret:from-cluster/*",
  ),
  pushParameterArns: parameterArns(
    'none: PushSecret cannot write to Parameter Store',
    'SSM parameters PushSecret may create, update, and delete when tagged managed-by=external-secrets (wildcards allowed)',
  ),
};

/** The preset's settings, as the policy reads them. */
type Settings = SettingsOf<'external-secrets', typeof parameters>;

/** The region of an ARN (arn:<partition>:<service>:<region>:...). */
const regionOf = (arn: string) => arn.split(':')[3];

/**
 * External Secrets Operator's AWS providers (Secrets Manager and Parameter
 * Store), from its v2.9.0 docs and code.
 *
 * Reading (ExternalSecret), always: the Secrets Manager "IAM Policy" of
 * docs/provider/aws-secrets-manager.md and the Parameter Store "Fetching
 * Parameters" policy of docs/provider/aws-parameter-store.md, on
 * `secretArns` and `parameterArns` (by default every secret and parameter of
 * the account in the stack's region; the docs' example ARNs stand for
 * them). ListSecrets and BatchGetSecretValue have no resource type and stay
 * on `*`: they reveal no value beyond `secretArns` (the batch read also
 * needs GetSecretValue on each secret, ListSecrets returns metadata only).
 * With `kmsKeyArns`, `kms:Decrypt` on those keys, only when Secrets Manager
 * or SSM asks on the pod's behalf (`kms:ViaService` in the keys' regions).
 *
 * Writing (PushSecret), only on `pushSecretArns` / `pushParameterArns`: the
 * "more restrictive version" of the PushSecret policy (DeleteSecret only on
 * secrets tagged managed-by=external-secrets) and "Pushing Parameters",
 * with what the v2.9.0 providers call beyond them (untagging, deleting
 * parameters) and without the resource-policy and replication actions that
 * only some metadata needs. DescribeSecret and GetSecretValue, which every
 * push calls, are granted on the push list too, so pushing works where
 * `secretArns` does not reach (the docs count on the read policy for them).
 */
export const externalSecrets = definePreset({
  name: 'external-secrets',
  parameters,
  placement: { namespace: 'external-secrets', serviceAccounts: ['external-secrets'] },
  chart: {
    repository: 'https://charts.external-secrets.io',
    name: 'external-secrets',
    // Released from tag helm-chart-2.9.0: at v2.9.0 itself Chart.yaml still says 2.8.0.
    version: '2.9.0',
    releaseName: 'external-secrets',
    serviceAccount: {
      name: 'serviceAccount.name',
      create: 'serviceAccount.create',
      annotations: 'serviceAccount.annotations',
    },
    // default(fullname, serviceAccount.name); fullname is at _helpers.tpl#L13-L24.
    naming: {
      kind: 'fullname',
      url: 'https://github.com/external-secrets/external-secrets/blob/helm-chart-2.9.0/deploy/charts/external-secrets/templates/_helpers.tpl#L156-L162',
    },
    namespaceSource:
      'https://github.com/external-secrets/external-secrets/blob/v2.9.0/docs/introduction/getting-started.md#L28-L35',
  },
  // The AWS scope is in the SecretStore and ClusterSecretStore resources, not in the chart.
  values: (preset, context): ChartValues => ({ values: {}, notes: storeNotes(preset, context) }),
  source: {
    controller: 'external-secrets/external-secrets (AWS Secrets Manager and Parameter Store)',
    release: 'v2.9.0',
    url: 'https://github.com/external-secrets/external-secrets/blob/v2.9.0/docs/provider/aws-secrets-manager.md#L28-L52',
    compare:
      'git diff v2.9.0 <new> -- docs/provider/aws-secrets-manager.md docs/provider/aws-parameter-store.md docs/provider/aws-access.md, and providers/v1/aws/secretsmanager/secretsmanager.go providers/v1/aws/parameterstore/parameterstore.go providers/v1/aws/auth/auth.go for the calls it makes',
    deviations: [
      {
        change: 'adds',
        actions: ['kms:Decrypt'],
        when: 'with kmsKeyArns',
        why: 'ESO publishes no KMS statement; secrets and parameters encrypted with a customer managed key cannot be read without kms:Decrypt on it. Only through Secrets Manager or SSM in the key region (kms:ViaService).',
      },
      {
        change: 'adds',
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        when: 'with kmsKeyArns and a push list',
        why: 'Writing a value under a customer managed key needs them (Secrets Manager generates a data key, a standard SecureString parameter is encrypted directly); ESO publishes no KMS statement. Only through Secrets Manager or SSM in the key region (kms:ViaService).',
      },
      {
        change: 'adds',
        actions: ['secretsmanager:UntagResource'],
        when: 'with pushSecretArns',
        why: 'v2.9.0 calls it when a tag leaves the PushSecret metadata (secretsmanager.go#L705); the published policy has only TagResource.',
      },
      {
        change: 'removes',
        actions: [
          'secretsmanager:PutResourcePolicy',
          'secretsmanager:ReplicateSecretToRegions',
          'secretsmanager:RemoveRegionsFromReplication',
        ],
        when: 'with pushSecretArns',
        why: 'v2.9.0 calls them only for the resourcePolicy and replicationLocations metadata, as the docs note, and PutResourcePolicy can share a secret with other accounts: the limits say how to add them.',
      },
      {
        change: 'scopes',
        actions: ['secretsmanager:DeleteSecret'],
        when: 'with pushSecretArns',
        why: 'Conditioned on the global aws:ResourceTag/managed-by = external-secrets, which Secrets Manager supports, instead of the published secretsmanager:ResourceTag/managed-by: the same test, with the key SSM parameters use too.',
      },
      {
        change: 'adds',
        actions: ['ssm:RemoveTagsFromResource', 'ssm:DeleteParameter'],
        when: 'with pushParameterArns',
        why: 'v2.9.0 calls RemoveTagsFromResource when a tag leaves the metadata (parameterstore.go#L315) and DeleteParameter for deletionPolicy: Delete (#L157); the published "Pushing Parameters" policy has neither. DeleteParameter only on parameters tagged managed-by=external-secrets, as ESO checks before deleting.',
      },
    ],
    limits: [
      "ExternalSecrets with metadataPolicy: Fetch from Parameter Store read the parameter's tags (ssm:ListTagsForResource), which the read policy does not grant: add it on parameterArns with statements.",
      'dataFrom.find.tags on Parameter Store needs ssm:DescribeParameters on *, which the role does not grant: add it with statements, or find by name with a path.',
      'dataFrom.find.name without a path queries / (GetParametersByPath on parameter/), which parameterArns narrower than the default does not match, and then falls back to ssm:DescribeParameters: give find.path within parameterArns.',
      'A SecretStore role (or additionalRoles) makes ESO call sts:AssumeRole, and sts:TagSession with session tags, which the role does not grant: add them on those roles with statements, or let this role read the secrets itself.',
      "A SecretStore in another region than the stack's needs secretArns / parameterArns in that region: the defaults are in the stack's region only.",
      'PushSecret metadata resourcePolicy (secretsmanager:GetResourcePolicy, PutResourcePolicy) and replicationLocations (ReplicateSecretToRegions, RemoveRegionsFromReplication, also called to delete a replicated secret) need actions the role does not grant: add them on pushSecretArns with statements.',
      'The AWS Certificate Manager provider (service: CertificateManager) is not covered: add its acm actions with statements.',
    ],
  },
  managedPolicies: () => [],
  documents: (preset, context) => {
    const { partition, region, accountId } = context;
    const statements: IamStatement[] = [
      {
        sid: 'ListAndBatchReadSecrets',
        effect: 'Allow',
        actions: ['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue'],
        resources: ['*'],
      },
      {
        sid: 'ReadSecrets',
        effect: 'Allow',
        actions: [
          'secretsmanager:GetResourcePolicy',
          'secretsmanager:GetSecretValue',
          'secretsmanager:DescribeSecret',
          'secretsmanager:ListSecretVersionIds',
        ],
        resources: preset.secretArns ?? [
          `arn:${partition}:secretsmanager:${region}:${accountId}:secret:*`,
        ],
      },
      {
        sid: 'ReadParameters',
        effect: 'Allow',
        actions: ['ssm:GetParameter*'],
        resources: preset.parameterArns ?? [
          `arn:${partition}:ssm:${region}:${accountId}:parameter/*`,
        ],
      },
    ];
    const keys = preset.kmsKeyArns ?? [];
    const viaServices = viaSecretsManagerAndSsm(keys);
    if (keys.length > 0) {
      statements.push({
        sid: 'DecryptThroughSecretsManagerAndSsm',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: keys,
        conditions: [viaServices],
      });
    }
    const read: PresetDocument = {
      id: 'read',
      description: 'External Secrets Operator v2.9.0: read secrets and parameters it syncs',
      statements,
    };
    const push = pushStatements(preset);
    if (push.length === 0) return [read];
    if (keys.length > 0) {
      push.push({
        sid: 'EncryptThroughSecretsManagerAndSsm',
        effect: 'Allow',
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        resources: keys,
        conditions: [viaServices],
      });
    }
    return [
      read,
      {
        id: 'push',
        description:
          'External Secrets Operator v2.9.0: PushSecret creates, updates and deletes the secrets and parameters it manages',
        statements: push,
      },
    ];
  },
});

/**
 * What the SecretStores must say, which no chart value can: the region the
 * role's ARNs are in, no auth of their own, and a prefix within the ARNs.
 */
function storeNotes(preset: Settings, context: ValuesContext): string[] {
  const given = [
    ...(preset.secretArns ?? []),
    ...(preset.parameterArns ?? []),
    ...(preset.pushSecretArns ?? []),
    ...(preset.pushParameterArns ?? []),
  ];
  const defaults = preset.secretArns === undefined || preset.parameterArns === undefined;
  const regions = [...new Set([...(defaults ? [context.region] : []), ...given.map(regionOf)])];
  return [
    `SecretStore / ClusterSecretStore: provider.aws.region ${regions.join(' or ')}, where the role's secrets and parameters are.`,
    'Leave provider.aws.auth empty: Pod Identity credentials are ambient (auth.jwt.serviceAccountRef cannot use them), and provider.aws.role unset (the role has no sts:AssumeRole).',
    'provider.aws.prefix is put before every remote key: prefix and key must fall within secretArns / parameterArns (and the push lists).',
  ];
}

/** kms:ViaService for Secrets Manager and SSM in the regions of `keys`. */
function viaSecretsManagerAndSsm(keys: readonly string[]): IamCondition {
  const regions = [...new Set(keys.map(regionOf))];
  return {
    test: 'StringEquals',
    variable: 'kms:ViaService',
    values: regions.flatMap((r) => [
      `secretsmanager.${r}.${dnsSuffixOf(r)}`,
      `ssm.${r}.${dnsSuffixOf(r)}`,
    ]),
  };
}

/**
 * Only what ESO manages: it tags what it creates managed-by=external-secrets,
 * and checks that tag before it deletes.
 */
const managedByEso: IamCondition = {
  test: 'StringEquals',
  variable: 'aws:ResourceTag/managed-by',
  values: ['external-secrets'],
};

/** PushSecret's statements, for the push lists given: none without them. */
function pushStatements(preset: Settings): IamStatement[] {
  const statements: IamStatement[] = [];
  const secrets = preset.pushSecretArns ?? [];
  if (secrets.length > 0) {
    statements.push(
      {
        sid: 'PushSecrets',
        effect: 'Allow',
        actions: [
          'secretsmanager:CreateSecret',
          'secretsmanager:PutSecretValue',
          'secretsmanager:TagResource',
          'secretsmanager:UntagResource',
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          // Called on every update of a secret whose metadata has no resourcePolicy.
          'secretsmanager:DeleteResourcePolicy',
        ],
        resources: secrets,
      },
      {
        sid: 'DeletePushedSecrets',
        effect: 'Allow',
        actions: ['secretsmanager:DeleteSecret'],
        resources: secrets,
        conditions: [managedByEso],
      },
    );
  }
  const parameters = preset.pushParameterArns ?? [];
  if (parameters.length > 0) {
    statements.push(
      {
        sid: 'PushParameters',
        effect: 'Allow',
        actions: [
          'ssm:GetParameter*',
          'ssm:PutParameter*',
          'ssm:AddTagsToResource',
          'ssm:ListTagsForResource',
          'ssm:RemoveTagsFromResource',
        ],
        resources: parameters,
      },
      {
        sid: 'DeletePushedParameters',
        effect: 'Allow',
        actions: ['ssm:DeleteParameter'],
        resources: parameters,
        conditions: [managedByEso],
      },
    );
  }
  return statements;
}
