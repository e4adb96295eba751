import { PresetSettingsOf } from '../../presets/catalogue';
import { externalSecrets } from '../../presets/external-secrets';
import { publishedPolicies } from '../support/published-policies';
import {
  ACCOUNT,
  actionsOf,
  conditionsOf,
  CONTEXT,
  contextIn,
  KMS_KEYS,
  PARAMETERS,
  parsed,
  PUSHED_PARAMETERS,
  PUSHED_SECRETS,
  resourcesOf,
  SECRETS,
  valuesOf,
} from './fixtures';

/**
 * External Secrets Operator: what its role allows for reading and for
 * PushSecret, and what its values file tells about the SecretStores. The
 * whole document is pinned by the published-policy comparison and the
 * snapshot; these assert the properties each setting is for.
 */
describe('external-secrets', () => {
  const defaults = externalSecrets.documents(parsed({ name: 'external-secrets' }), CONTEXT);
  const pushing = externalSecrets.documents(
    parsed({
      name: 'external-secrets',
      pushSecretArns: PUSHED_SECRETS,
      pushParameterArns: PUSHED_PARAMETERS,
    }),
    CONTEXT,
  );
  const MANAGED_BY_ESO = 'StringEquals aws:ResourceTag/managed-by=external-secrets';

  test('attaches no AWS-managed policy', () => {
    expect(externalSecrets.managedPolicies(parsed({ name: 'external-secrets' }))).toEqual([]);
  });

  test('reads every secret and parameter of the account in the region by default', () => {
    for (const action of [
      'secretsmanager:GetSecretValue',
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetResourcePolicy',
      'secretsmanager:ListSecretVersionIds',
    ]) {
      expect(resourcesOf(defaults, action)).toEqual([
        [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:*`],
      ]);
    }
    expect(resourcesOf(defaults, 'ssm:GetParameter*')).toEqual([
      [`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/*`],
    ]);
  });

  test('scopes reads to the secrets and parameters given, listing and batch reads staying on *', () => {
    const documents = externalSecrets.documents(
      parsed({ name: 'external-secrets', secretArns: SECRETS, parameterArns: PARAMETERS }),
      CONTEXT,
    );
    expect(resourcesOf(documents, 'secretsmanager:GetSecretValue')).toEqual([SECRETS]);
    expect(resourcesOf(documents, 'ssm:GetParameter*')).toEqual([PARAMETERS]);
    // No value can be read outside them: the batch read also needs GetSecretValue per secret.
    expect(resourcesOf(documents, 'secretsmanager:BatchGetSecretValue')).toEqual([['*']]);
    expect(resourcesOf(documents, 'secretsmanager:ListSecrets')).toEqual([['*']]);
  });

  test('grants no write, push, delete, role or tag-search action without push lists', () => {
    const actions = actionsOf(defaults);
    expect(actions.filter((a) => /:(Put|Create|Delete|Tag|Untag|Add|Remove)/.test(a))).toEqual([]);
    expect(actions).not.toContain('ssm:DescribeParameters');
    expect(actions.filter((a) => a.startsWith('sts:'))).toEqual([]);
    expect(defaults.map((d) => d.id)).toEqual(['read']);
  });

  test('decrypts with the keys given, only through Secrets Manager and SSM in their regions', () => {
    const documents = externalSecrets.documents(
      parsed({ name: 'external-secrets', kmsKeyArns: KMS_KEYS }),
      CONTEXT,
    );
    expect(resourcesOf(documents, 'kms:Decrypt')).toEqual([KMS_KEYS]);
    expect(conditionsOf(documents, 'kms:Decrypt')).toEqual([
      [
        'StringEquals kms:ViaService=secretsmanager.us-east-1.amazonaws.com,ssm.us-east-1.amazonaws.com,secretsmanager.eu-west-1.amazonaws.com,ssm.eu-west-1.amazonaws.com',
      ],
    ]);
    // Reading alone never encrypts.
    expect(actionsOf(documents)).not.toContain('kms:Encrypt');
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
    expect(conditionsOf(documents, 'kms:Decrypt')).toEqual([
      [
        'StringEquals kms:ViaService=secretsmanager.cn-north-1.amazonaws.com.cn,ssm.cn-north-1.amazonaws.com.cn',
      ],
    ]);
    expect(resourcesOf(documents, 'secretsmanager:GetSecretValue')).toEqual([
      [`arn:aws-cn:secretsmanager:cn-north-1:${ACCOUNT}:secret:*`],
    ]);
  });

  describe('PushSecret', () => {
    test('writes secrets and parameters only where the push lists say', () => {
      for (const action of [
        'secretsmanager:CreateSecret',
        'secretsmanager:PutSecretValue',
        'secretsmanager:TagResource',
        'secretsmanager:UntagResource',
        'secretsmanager:DeleteResourcePolicy',
      ]) {
        expect(resourcesOf(pushing, action)).toEqual([PUSHED_SECRETS]);
      }
      for (const action of [
        'ssm:PutParameter*',
        'ssm:AddTagsToResource',
        'ssm:ListTagsForResource',
        'ssm:RemoveTagsFromResource',
      ]) {
        expect(resourcesOf(pushing, action)).toEqual([PUSHED_PARAMETERS]);
      }
    });

    test('describes and reads the secrets it pushes to, even outside secretArns', () => {
      const documents = externalSecrets.documents(
        parsed({ name: 'external-secrets', secretArns: SECRETS, pushSecretArns: PUSHED_SECRETS }),
        CONTEXT,
      );
      expect(resourcesOf(documents, 'secretsmanager:DescribeSecret')).toEqual([
        SECRETS,
        PUSHED_SECRETS,
      ]);
      expect(resourcesOf(documents, 'secretsmanager:GetSecretValue')).toEqual([
        SECRETS,
        PUSHED_SECRETS,
      ]);
    });

    test('deletes only the secrets and parameters ESO manages (tagged managed-by=external-secrets)', () => {
      expect(conditionsOf(pushing, 'secretsmanager:DeleteSecret')).toEqual([[MANAGED_BY_ESO]]);
      expect(conditionsOf(pushing, 'ssm:DeleteParameter')).toEqual([[MANAGED_BY_ESO]]);
      expect(resourcesOf(pushing, 'secretsmanager:DeleteSecret')).toEqual([PUSHED_SECRETS]);
      expect(resourcesOf(pushing, 'ssm:DeleteParameter')).toEqual([PUSHED_PARAMETERS]);
    });

    test('never grants resource policies or replication, which only some metadata needs', () => {
      expect(
        actionsOf(pushing).filter((a) =>
          /GetResourcePolicy|PutResourcePolicy|Replicat|RemoveRegions/.test(a),
        ),
      ).toEqual(['secretsmanager:GetResourcePolicy']);
      // That one is the read policy's, on secretArns (by default every secret), not the push list.
      expect(resourcesOf(pushing, 'secretsmanager:GetResourcePolicy')).toEqual([
        [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:*`],
      ]);
    });

    test('encrypts with the keys given, only through Secrets Manager and SSM, when it pushes', () => {
      const documents = externalSecrets.documents(
        parsed({ name: 'external-secrets', pushSecretArns: PUSHED_SECRETS, kmsKeyArns: KMS_KEYS }),
        CONTEXT,
      );
      for (const action of ['kms:GenerateDataKey', 'kms:Encrypt']) {
        expect(resourcesOf(documents, action)).toEqual([KMS_KEYS]);
        expect(conditionsOf(documents, action)).toEqual(conditionsOf(documents, 'kms:Decrypt'));
      }
      expect(documents.map((d) => d.id)).toEqual(['read', 'push']);
    });

    test('does not declare DeleteResourcePolicy as an addition: both published PushSecret policies have it', () => {
      const declared = externalSecrets.source.deviations.flatMap((d) => d.actions);
      expect(declared).not.toContain('secretsmanager:DeleteResourcePolicy');
      const push = publishedPolicies('external-secrets').variants.push.documents.flatMap((d) =>
        d.policy.Statement.flatMap((s) => s.Action),
      );
      expect(push).toContain('secretsmanager:DeleteResourcePolicy');
      expect(actionsOf(pushing)).toContain('secretsmanager:DeleteResourcePolicy');
    });
  });

  describe('values file', () => {
    const notesOf = (settings: PresetSettingsOf<'external-secrets'>) =>
      externalSecrets.values?.(settings, {
        cluster: 'my-cluster',
        region: 'us-east-1',
        partition: 'aws',
      }).notes ?? [];

    test('sets no chart value: the AWS scope is in the SecretStores', () => {
      expect(valuesOf(externalSecrets, parsed({ name: 'external-secrets' }))).toEqual({});
      expect(
        valuesOf(
          externalSecrets,
          parsed({ name: 'external-secrets', secretArns: SECRETS, parameterArns: PARAMETERS }),
        ),
      ).toEqual({});
    });

    test("tells the stores the stack's region by default, an empty auth, and the prefix rule", () => {
      const notes = notesOf(parsed({ name: 'external-secrets' }));
      expect(notes).toHaveLength(3);
      expect(notes[0]).toContain('provider.aws.region us-east-1,');
      expect(notes[1]).toContain('provider.aws.auth empty');
      expect(notes[2]).toContain('provider.aws.prefix');
    });

    test('tells the stores the regions of the ARNs given', () => {
      const notes = notesOf(
        parsed({
          name: 'external-secrets',
          secretArns: [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/*`],
          parameterArns: [`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/prod/*`],
          pushSecretArns: PUSHED_SECRETS,
        }),
      );
      expect(notes[0]).toContain('provider.aws.region eu-west-1 or us-east-1,');
    });
  });
});
