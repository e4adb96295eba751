import { externalSecrets } from '../../presets/external-secrets';
import {
  ACCOUNT,
  CONTEXT,
  contextIn,
  KMS_KEYS,
  PARAMETERS,
  parsed,
  PUSHED_PARAMETERS,
  PUSHED_SECRETS,
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

  describe('PushSecret', () => {
    const MANAGED_BY_ESO = {
      test: 'StringEquals',
      variable: 'aws:ResourceTag/managed-by',
      values: ['external-secrets'],
    };

    test('writes Secrets Manager secrets only where pushSecretArns says, deleting only those ESO manages', () => {
      const documents = externalSecrets.documents(
        parsed({ name: 'external-secrets', pushSecretArns: PUSHED_SECRETS }),
        CONTEXT,
      );
      expect(documents.map((d) => d.id)).toEqual(['read', 'push']);
      expect(documents[1]).toEqual({
        id: 'push',
        description:
          'External Secrets Operator v2.9.0: PushSecret creates, updates and deletes the secrets and parameters it manages',
        statements: [
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
            resources: PUSHED_SECRETS,
          },
          {
            sid: 'DeletePushedSecrets',
            effect: 'Allow',
            actions: ['secretsmanager:DeleteSecret'],
            resources: PUSHED_SECRETS,
            conditions: [MANAGED_BY_ESO],
          },
        ],
      });
    });

    test('writes SSM parameters only where pushParameterArns says, deleting only those ESO manages', () => {
      const [, push] = externalSecrets.documents(
        parsed({ name: 'external-secrets', pushParameterArns: PUSHED_PARAMETERS }),
        CONTEXT,
      );
      expect(push.statements).toEqual([
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
          resources: PUSHED_PARAMETERS,
        },
        {
          sid: 'DeletePushedParameters',
          effect: 'Allow',
          actions: ['ssm:DeleteParameter'],
          resources: PUSHED_PARAMETERS,
          conditions: [MANAGED_BY_ESO],
        },
      ]);
    });

    test('never grants resource policies or replication, which only some metadata needs', () => {
      const actions = externalSecrets
        .documents(
          parsed({
            name: 'external-secrets',
            pushSecretArns: PUSHED_SECRETS,
            pushParameterArns: PUSHED_PARAMETERS,
            kmsKeyArns: KMS_KEYS,
          }),
          CONTEXT,
        )
        .flatMap((d) => d.statements.flatMap((s) => s.actions));
      expect(actions.filter((a) => /PutResourcePolicy|Replicat|RemoveRegions/.test(a))).toEqual([]);
    });

    test('encrypts with the keys given, only through Secrets Manager and SSM, when it pushes', () => {
      const pushing = externalSecrets.documents(
        parsed({ name: 'external-secrets', pushSecretArns: PUSHED_SECRETS, kmsKeyArns: KMS_KEYS }),
        CONTEXT,
      );
      const decrypt = statement(pushing, 'DecryptThroughSecretsManagerAndSsm');
      expect(statement(pushing, 'EncryptThroughSecretsManagerAndSsm')).toEqual({
        sid: 'EncryptThroughSecretsManagerAndSsm',
        effect: 'Allow',
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        resources: KMS_KEYS,
        conditions: decrypt.conditions,
      });
      expect(pushing[1].statements.map((s) => s.sid)).toEqual([
        'PushSecrets',
        'DeletePushedSecrets',
        'EncryptThroughSecretsManagerAndSsm',
      ]);
      // Reading alone never encrypts.
      const reading = externalSecrets.documents(
        parsed({ name: 'external-secrets', kmsKeyArns: KMS_KEYS }),
        CONTEXT,
      );
      expect(reading.map((d) => d.id)).toEqual(['read']);
    });

    test('says in its deviations what it adds to and leaves out of the published push policies', () => {
      const deviations = externalSecrets.source.deviations;
      expect(deviations.filter((d) => d.startsWith('pushSecretArns adds '))).toHaveLength(1);
      expect(deviations.filter((d) => d.startsWith('pushSecretArns leaves out '))).toHaveLength(1);
      expect(deviations.filter((d) => d.startsWith('pushParameterArns adds '))).toHaveLength(1);
      expect(deviations.filter((d) => d.startsWith('With a push list, kmsKeyArns'))).toHaveLength(
        1,
      );
    });
  });
});
