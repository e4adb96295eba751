import { externalSecrets } from '../../../policy/presets/external-secrets';
import {
  ACCOUNT,
  CONTEXT,
  contextIn,
  KMS_KEYS,
  PARAMETERS,
  parsed,
  SECRETS,
  statement,
} from './fixtures';

const READ_SECRETS = [
  'secretsmanager:GetResourcePolicy',
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
  'secretsmanager:ListSecretVersionIds',
];

describe('external-secrets', () => {
  test('attaches no AWS-managed policy', () => {
    expect(externalSecrets.managedPolicies(parsed({ name: 'external-secrets' }))).toEqual([]);
  });

  test('reads every secret and parameter of the account in the region by default, no KMS', () => {
    expect(externalSecrets.documents(parsed({ name: 'external-secrets' }), CONTEXT)).toEqual([
      {
        id: 'read',
        description: 'External Secrets Operator v2.9.0: read secrets and parameters it syncs',
        statements: [
          {
            sid: 'ListAndBatchReadSecrets',
            effect: 'Allow',
            actions: ['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue'],
            resources: ['*'],
          },
          {
            sid: 'ReadSecrets',
            effect: 'Allow',
            actions: READ_SECRETS,
            resources: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:*`],
          },
          {
            sid: 'ReadParameters',
            effect: 'Allow',
            actions: ['ssm:GetParameter*'],
            resources: [`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/*`],
          },
        ],
      },
    ]);
  });

  test('scopes reads to the secrets and parameters given', () => {
    const documents = externalSecrets.documents(
      parsed({ name: 'external-secrets', secretArns: SECRETS, parameterArns: PARAMETERS }),
      CONTEXT,
    );
    expect(statement(documents, 'ReadSecrets').resources).toEqual(SECRETS);
    expect(statement(documents, 'ReadParameters').resources).toEqual(PARAMETERS);
    // No value can be read outside them: the batch read also needs GetSecretValue per secret.
    expect(statement(documents, 'ListAndBatchReadSecrets').resources).toEqual(['*']);
    expect(documents[0].statements).toHaveLength(3);
  });

  test('grants no write, push or delete action', () => {
    const actions = externalSecrets
      .documents(parsed({ name: 'external-secrets' }), CONTEXT)
      .flatMap((d) => d.statements.flatMap((s) => s.actions));
    expect(actions.filter((a) => /:(Put|Create|Delete|Tag|Untag|Add|Remove)/.test(a))).toEqual([]);
    expect(actions).not.toContain('ssm:DescribeParameters');
  });

  test('decrypts with the keys given, only through Secrets Manager and SSM in their regions', () => {
    const documents = externalSecrets.documents(
      parsed({ name: 'external-secrets', kmsKeyArns: KMS_KEYS }),
      CONTEXT,
    );
    expect(statement(documents, 'DecryptThroughSecretsManagerAndSsm')).toEqual({
      sid: 'DecryptThroughSecretsManagerAndSsm',
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: KMS_KEYS,
      conditions: [
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: [
            'secretsmanager.us-east-1.amazonaws.com',
            'ssm.us-east-1.amazonaws.com',
            'secretsmanager.eu-west-1.amazonaws.com',
            'ssm.eu-west-1.amazonaws.com',
          ],
        },
      ],
    });
  });

  test('names the China services with their own DNS suffix and builds defaults in the partition', () => {
    const documents = externalSecrets.documents(
      parsed({
        name: 'external-secrets',
        kmsKeyArns: [
          `arn:aws-cn:kms:cn-north-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        ],
      }),
      contextIn('aws-cn', 'cn-north-1'),
    );
    expect(
      statement(documents, 'DecryptThroughSecretsManagerAndSsm').conditions?.[0].values,
    ).toEqual(['secretsmanager.cn-north-1.amazonaws.com.cn', 'ssm.cn-north-1.amazonaws.com.cn']);
    expect(statement(documents, 'ReadSecrets').resources).toEqual([
      `arn:aws-cn:secretsmanager:cn-north-1:${ACCOUNT}:secret:*`,
    ]);
  });

  test('says in its deviations that the KMS statement is a project addition', () => {
    expect(externalSecrets.source.deviations.some((d) => d.startsWith('kmsKeyArns'))).toBe(true);
  });
});
