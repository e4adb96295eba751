import {} from '../support/config-files';
import { read, problemsOf, S3_BUCKET_NAME } from './reading';

describe('readConfig: backend', () => {
  it('keeps state locally without TF_CLOUD_ORGANIZATION', () => {
    expect(read({ terraformCloud: { workspacePrefix: 'team-' } }).backend).toStrictEqual({
      kind: 'local',
    });
  });

  it('uses Terraform Cloud with TF_CLOUD_ORGANIZATION and no prefix', () => {
    expect(read({}, { terraformCloud: { organization: 'acme' } }).backend).toStrictEqual({
      kind: 'cloud',
      organization: 'acme',
      hostname: undefined,
      project: undefined,
      workspacePrefix: '',
    });
  });

  it('uses Terraform Enterprise with hostname, project and workspace prefix', () => {
    const config = read(
      { terraformCloud: { workspacePrefix: 'team-' } },
      { terraformCloud: { organization: 'acme', hostname: 'tfe.example.com', project: 'pods' } },
    );

    expect(config.backend).toStrictEqual({
      kind: 'cloud',
      organization: 'acme',
      hostname: 'tfe.example.com',
      project: 'pods',
      workspacePrefix: 'team-',
    });
  });

  it.each([
    ['TF_CLOUD_HOSTNAME', { hostname: 'tfe.example.com' }, 'tfe.example.com'],
    ['TF_CLOUD_PROJECT', { project: 'pods' }, 'pods'],
  ])('refuses %s without TF_CLOUD_ORGANIZATION', (variable, terraformCloud, value) => {
    expect(problemsOf({}, { terraformCloud })).toEqual([
      `${variable} (environment): "${value}" is set but TF_CLOUD_ORGANIZATION is not: set the organization to use Terraform Cloud, or unset it`,
    ]);
  });

  it('refuses a bad organization, host name and project', () => {
    const terraformCloud = {
      organization: 'acme corp',
      hostname: 'https://tfe.example.com',
      project: 'p'.repeat(41),
    };

    expect(problemsOf({}, { terraformCloud })).toEqual([
      'TF_CLOUD_ORGANIZATION (environment): "acme corp" is not a Terraform Cloud name (letters, digits, hyphens and underscores)',
      "TF_CLOUD_HOSTNAME (environment): \"https://tfe.example.com\" is not a host name (such as 'app.terraform.io' or 'tfe.example.com')",
      `TF_CLOUD_PROJECT (environment): "${'p'.repeat(41)}" is not a Terraform Cloud project name (1 to 40 characters)`,
    ]);
  });

  it('refuses a workspace prefix that is not a Terraform Cloud name', () => {
    expect(problemsOf({ terraformCloud: { workspacePrefix: 'team/' } })).toEqual([
      'terraformCloud.workspacePrefix: "team/" is not a Terraform Cloud workspace name prefix (letters, digits, hyphens and underscores)',
    ]);
  });

  it('refuses a workspace prefix that makes a workspace name longer than 90 characters', () => {
    // GIVEN the longest stack, "pod-identity-default-workload-example" (37), behind 54 characters
    const prefix = 'w'.repeat(54);
    const file = { terraformCloud: { workspacePrefix: prefix } };

    expect(problemsOf(file, { terraformCloud: { organization: 'acme' } })).toEqual([
      `terraformCloud: the workspace name "${prefix}pod-identity-default-workload-example" (prefix "${prefix}" + stack "pod-identity-default-workload-example") is 91 characters, more than the 90 Terraform Cloud allows; shorten terraformCloud.workspacePrefix, the environment or the cluster name`,
    ]);
  });

  it('refuses a cluster name that makes its workspace name longer than 90 characters', () => {
    // GIVEN no prefix, and a cluster name of 61 characters behind "pod-identity-default-workload-" (30)
    const cluster = 'c'.repeat(61);

    expect(
      problemsOf({ clusters: [{ name: cluster }] }, { terraformCloud: { organization: 'acme' } }),
    ).toEqual([
      `terraformCloud: the workspace name "pod-identity-default-workload-${cluster}" (prefix "" + stack "pod-identity-default-workload-${cluster}") is 91 characters, more than the 90 Terraform Cloud allows; shorten terraformCloud.workspacePrefix, the environment or the cluster name`,
    ]);
  });

  it('accepts a workspace prefix that makes the longest workspace name 90 characters', () => {
    const prefix = 'w'.repeat(53);
    const config = read(
      { terraformCloud: { workspacePrefix: prefix } },
      { terraformCloud: { organization: 'acme' } },
    );

    expect(config.backend).toStrictEqual({
      kind: 'cloud',
      organization: 'acme',
      hostname: undefined,
      project: undefined,
      workspacePrefix: prefix,
    });
  });
});

describe('readConfig: state in S3', () => {
  const KMS = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  it('keeps state in S3, locked and encrypted, in the region of the configuration by default', () => {
    const config = read({ region: 'eu-west-1', backend: { s3: { bucket: 'tf-state' } } });

    expect(config.backend).toStrictEqual({
      kind: 's3',
      bucket: 'tf-state',
      keyPrefix: '',
      region: 'eu-west-1',
      useLockfile: true,
      encrypt: true,
      kmsKeyId: undefined,
    });
  });

  it('reads every S3 setting', () => {
    const s3 = {
      bucket: 'tf-state',
      keyPrefix: 'platform/pods/',
      region: 'us-west-2',
      useLockfile: false,
      encrypt: true,
      kmsKeyId: KMS,
    };

    expect(read({ region: 'eu-west-1', backend: { s3 } }).backend).toStrictEqual({
      kind: 's3',
      ...s3,
    });
  });

  it('refuses a bucket name that breaks the S3 naming rules and a key prefix S3 keys cannot start with', () => {
    expect(problemsOf({ backend: { s3: { bucket: 'TF_State', keyPrefix: '/pods//' } } })).toEqual([
      `backend.s3.bucket: "TF_State" is not ${S3_BUCKET_NAME}`,
      "backend.s3.keyPrefix: \"/pods//\" is not an S3 key prefix for state files (letters, digits and !_.*'()/-, not starting with '/', no '//', at most 850 characters)",
    ]);
  });

  it('refuses S3 without a bucket', () => {
    expect(problemsOf({ backend: { s3: { keyPrefix: 'pods/' } } })).toEqual([
      'backend.s3.bucket: is required',
    ]);
  });

  it('refuses S3 together with TF_CLOUD_ORGANIZATION', () => {
    expect(
      problemsOf(
        { backend: { s3: { bucket: 'tf-state' } } },
        { terraformCloud: { organization: 'acme' } },
      ),
    ).toEqual([
      'backend.s3: is set together with TF_CLOUD_ORGANIZATION (environment) "acme": state goes to one place, so unset TF_CLOUD_ORGANIZATION or remove backend.s3',
    ]);
  });

  it('refuses a KMS key for state that is not encrypted, and one of another partition', () => {
    const cn = 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd';

    expect(
      problemsOf({ backend: { s3: { bucket: 'tf-state', encrypt: false, kmsKeyId: KMS } } }),
    ).toEqual([
      'backend.s3.kmsKeyId: needs encrypt: true: a KMS key only applies to encrypted state',
    ]);
    expect(problemsOf({ backend: { s3: { bucket: 'tf-state', kmsKeyId: cn } } })).toEqual([
      `backend.s3.kmsKeyId: "${cn}" is in partition "aws-cn", not in "aws" of region "us-east-1"`,
    ]);
  });
});
