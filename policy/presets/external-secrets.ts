import { dnsSuffixOf } from '../../config/schema/partition';
import { IamStatement } from '../iam-statement';
import { PresetPolicy } from './preset-policy';

/** The region of a KMS key ARN: only Secrets Manager and SSM in that region can use the key. */
const keyRegion = (arn: string) => arn.split(':')[3];

/**
 * External Secrets Operator's AWS providers, read-only sync (ExternalSecret,
 * not PushSecret), from its v2.9.0 docs:
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
 */
export const externalSecrets: PresetPolicy<'external-secrets'> = {
  source: {
    controller: 'external-secrets/external-secrets (AWS Secrets Manager and Parameter Store)',
    release: 'v2.9.0',
    url: 'https://github.com/external-secrets/external-secrets/blob/v2.9.0/docs/provider/aws-secrets-manager.md',
    compare:
      'git diff v2.9.0 <new> -- docs/provider/aws-secrets-manager.md docs/provider/aws-parameter-store.md docs/provider/aws-access.md, and providers/v1/aws/secretsmanager/secretsmanager.go providers/v1/aws/parameterstore/parameterstore.go for the calls it makes',
    deviations: [
      'kmsKeyArns adds kms:Decrypt on the customer managed keys of the secrets and parameters, only through Secrets Manager or SSM in the key region (kms:ViaService): the ESO docs publish no KMS statement; secrets encrypted with the AWS managed keys need none.',
      'The Parameter Store statement is the published "Fetching Parameters" one with its trailing comma removed (as published it is not valid JSON).',
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
    if (keys.length > 0) {
      const regions = [...new Set(keys.map(keyRegion))];
      statements.push({
        sid: 'DecryptThroughSecretsManagerAndSsm',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: keys,
        conditions: [
          {
            test: 'StringEquals',
            variable: 'kms:ViaService',
            values: regions.flatMap((r) => [
              `secretsmanager.${r}.${dnsSuffixOf(r)}`,
              `ssm.${r}.${dnsSuffixOf(r)}`,
            ]),
          },
        ],
      });
    }
    return [
      {
        id: 'read',
        description: 'External Secrets Operator v2.9.0: read secrets and parameters it syncs',
        statements,
      },
    ];
  },
};
