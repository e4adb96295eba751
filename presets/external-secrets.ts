import { IamCondition, IamStatement } from '../core/iam';
import { dnsSuffixOf } from '../core/partition';
import { kmsKeyArns, parameterArns, secretArns } from './parameters';
import { definePreset, PresetDocument, SettingsOf } from './preset';

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

/** The region of a KMS key ARN: only Secrets Manager and SSM in that region can use the key. */
const keyRegion = (arn: string) => arn.split(':')[3];

/**
 * External Secrets Operator's AWS providers, from its v2.9.0 docs and code.
 *
 * Reading (ExternalSecret), always:
 *
 * - Secrets Manager (docs/provider/aws-secrets-manager.md, "IAM Policy"):
 *   GetResourcePolicy, GetSecretValue, DescribeSecret and
 *   ListSecretVersionIds on `secretArns`, and ListSecrets and
 *   BatchGetSecretValue on `*`. Those two have no resource type; the
 *   provider needs them for `dataFrom.find` (it lists secrets by name or tag
 *   and reads them in batches), and the published read policy grants them.
 *   They reveal no value beyond `secretArns`: BatchGetSecretValue also needs
 *   GetSecretValue on each secret, and ListSecrets returns metadata only.
 * - Parameter Store (docs/provider/aws-parameter-store.md, "Fetching
 *   Parameters"): `ssm:GetParameter*` on `parameterArns` (GetParameter,
 *   GetParameters, GetParametersByPath, GetParameterHistory; `find` by name
 *   uses GetParametersByPath). `ssm:DescribeParameters` on `*`, which the
 *   page names only in prose for finding parameters by tag, is left out as
 *   the published policy leaves it out: the provider does not need it to
 *   sync named parameters or paths.
 *
 * The defaults are every secret and every parameter of the account in the
 * region. With `kmsKeyArns`, `kms:Decrypt` on those keys only when Secrets
 * Manager or SSM asks on the pod's behalf (`kms:ViaService` in the key's
 * region): ESO publishes no KMS statement, so this is a project addition.
 *
 * Writing (PushSecret), only on `pushSecretArns` / `pushParameterArns`: the
 * published "Permissions for PushSecret" (its more restrictive version, which
 * deletes only secrets tagged managed-by=external-secrets) and "Pushing
 * Parameters" policies, with what the v2.9.0 providers call beyond them
 * (providers/v1/aws/secretsmanager/secretsmanager.go and
 * providers/v1/aws/parameterstore/parameterstore.go), as the deviations say.
 */
/** kms:ViaService for Secrets Manager and SSM in the regions of `keys`. */
function viaSecretsManagerAndSsm(keys: readonly string[]): IamCondition {
  const regions = [...new Set(keys.map(keyRegion))];
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
 * and checks that tag before it updates or deletes.
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

export const externalSecrets = definePreset({
  name: 'external-secrets',
  parameters,
  placement: { namespace: 'external-secrets', serviceAccount: 'external-secrets' },
  source: {
    controller: 'external-secrets/external-secrets (AWS Secrets Manager and Parameter Store)',
    release: 'v2.9.0',
    url: 'https://github.com/external-secrets/external-secrets/blob/v2.9.0/docs/provider/aws-secrets-manager.md',
    compare:
      'git diff v2.9.0 <new> -- docs/provider/aws-secrets-manager.md docs/provider/aws-parameter-store.md docs/provider/aws-access.md, and providers/v1/aws/secretsmanager/secretsmanager.go providers/v1/aws/parameterstore/parameterstore.go for the calls it makes',
    deviations: [
      'kmsKeyArns adds kms:Decrypt on the customer managed keys of the secrets and parameters, only through Secrets Manager or SSM in the key region (kms:ViaService): the ESO docs publish no KMS statement; secrets encrypted with the AWS managed keys need none.',
      'The Parameter Store statement is the published "Fetching Parameters" one with its trailing comma removed (as published it is not valid JSON).',
      'pushSecretArns adds secretsmanager:UntagResource, DeleteResourcePolicy, DescribeSecret and GetSecretValue to the published PushSecret policy: v2.9.0 calls UntagResource when a tag leaves the PushSecret metadata, DeleteResourcePolicy on every update of a secret whose metadata has no resourcePolicy (a refusal fails the push), and DescribeSecret and GetSecretValue before each push; the published policy counts on the read policy covering the same secrets.',
      "pushSecretArns leaves out GetResourcePolicy, PutResourcePolicy, ReplicateSecretToRegions and RemoveRegionsFromReplication: v2.9.0 calls them only for the resourcePolicy and replicationLocations metadata, and PutResourcePolicy can share a secret with other accounts. Add them with the identity's statements where you use that metadata.",
      'The PushSecret DeleteSecret condition uses the global aws:ResourceTag/managed-by key, which Secrets Manager supports, instead of the published secretsmanager:ResourceTag/managed-by: the same test, with the key SSM parameters use too and that IAM evaluators know.',
      'pushParameterArns adds ssm:RemoveTagsFromResource (v2.9.0 calls it when a tag leaves the metadata) and ssm:DeleteParameter, only on parameters tagged managed-by=external-secrets (called for deletionPolicy: Delete), to the published "Pushing Parameters" policy.',
      'With a push list, kmsKeyArns also grants kms:GenerateDataKey and kms:Encrypt through Secrets Manager and SSM in the key region, which writing a value under a customer managed key needs (Secrets Manager generates a data key, a standard SecureString parameter is encrypted directly); ESO publishes no KMS statement.',
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
