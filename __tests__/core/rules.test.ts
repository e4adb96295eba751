import Ajv from 'ajv';
import { ruleSchema } from '../../core/fields';
import * as rules from '../../core/rules';
import { follows, Rule } from '../../core/rules';

/** JSON Schema's reading of the rules, as editors and ajv apply them (patterns with the `u` flag). */
const ajv = new Ajv({ strict: true });

/** A case of a table: why the value is accepted or refused, then the value. */
type Case = readonly [why: string, value: string];

/** Dot-separated labels of 63 characters, then a shorter one, `length` characters in all. */
function subdomainOfLength(length: number): string {
  const labels: string[] = [];
  let remaining = length;
  while (remaining > 64) {
    labels.push('a'.repeat(63));
    remaining -= 64;
  }
  labels.push('b'.repeat(remaining));
  return labels.join('.');
}

/** Asserts every accepted value passes `rule` and every refused one fails it. */
function describeRule(
  name: string,
  rule: Rule,
  accepted: readonly Case[],
  refused: readonly Case[],
): void {
  describe(name, () => {
    const schema = ajv.compile({ type: 'string', ...ruleSchema(rule) });
    it.each(accepted)('accepts %s, as JSON Schema does', (_why, value) => {
      expect(follows(rule, value)).toBe(true);
      expect(schema(value)).toBe(true);
    });
    it.each(refused)('refuses %s, as JSON Schema does', (_why, value) => {
      expect(follows(rule, value)).toBe(false);
      expect(schema(value)).toBe(false);
    });
  });
}

describe('subdomainOfLength (test helper)', () => {
  it('builds a name of exactly the asked length', () => {
    expect(subdomainOfLength(253)).toHaveLength(253);
    expect(subdomainOfLength(254)).toHaveLength(254);
  });
});

describeRule(
  'dnsLabel (Kubernetes namespaces, deployment and job names)',
  rules.dnsLabel,
  [
    ['one letter', 'a'],
    ['one digit', '0'],
    ['the tutorial namespace', 'example'],
    ['a hyphen inside', 'team-a'],
    ['a leading digit', '1team'],
    ['exactly 63 characters', 'a'.repeat(63)],
  ],
  [
    ['an empty name', ''],
    ['64 characters', 'a'.repeat(64)],
    ['an uppercase letter', 'Example'],
    ['a leading hyphen', '-team'],
    ['a trailing hyphen', 'team-'],
    ['an underscore', 'team_a'],
    ['a dot', 'team.a'],
    ['a space', 'team a'],
  ],
);

describeRule(
  'dnsSubdomain (Kubernetes service accounts)',
  rules.dnsSubdomain,
  [
    ['the tutorial service account', 'exampleserviceaccount'],
    ['dot-separated labels', 'reader.team-a'],
    ['one character', 'a'],
    ['exactly 253 characters', subdomainOfLength(253)],
  ],
  [
    ['an empty name', ''],
    ['254 characters', subdomainOfLength(254)],
    ['an uppercase letter', 'Reader'],
    ['two dots in a row', 'reader..a'],
    ['a leading dot', '.reader'],
    ['a trailing dot', 'reader.'],
    ['a label ending with a hyphen', 'reader-.a'],
    ['an underscore', 'reader_a'],
  ],
);

describeRule(
  'environmentLabel',
  rules.environmentLabel,
  [
    ['the default', 'default'],
    ['a hyphen inside', 'prod-eu'],
    ['exactly 32 characters', 'a'.repeat(32)],
  ],
  [
    ['an empty label', ''],
    ['33 characters', 'a'.repeat(33)],
    ['an uppercase letter', 'Prod'],
    ['an underscore', 'prod_eu'],
    ['a trailing hyphen', 'prod-'],
  ],
);

describeRule(
  'identityName',
  rules.identityName,
  [
    ['the tutorial identity', 'example'],
    ['exactly 63 characters', 'a'.repeat(63)],
  ],
  [
    ['an empty name', ''],
    ['64 characters', 'a'.repeat(64)],
    ['an uppercase letter', 'Reader'],
    ['an underscore', 'read_er'],
  ],
);

describeRule(
  'eksClusterName',
  rules.eksClusterName,
  [
    ['one letter', 'a'],
    ['one digit', '7'],
    ['the tutorial cluster', 'example'],
    ['letters of both cases, digits, hyphens and underscores', 'Prod_cluster-01'],
    ['exactly 100 characters', 'a'.repeat(100)],
  ],
  [
    ['an empty name', ''],
    ['101 characters', 'a'.repeat(101)],
    ['a leading hyphen', '-cluster'],
    ['a leading underscore', '_cluster'],
    ['a dot', 'prod.cluster'],
    ['a space', 'prod cluster'],
  ],
);

describeRule(
  'awsRegion',
  rules.awsRegion,
  [
    ['us-east-1 (aws)', 'us-east-1'],
    ['us-west-2 (aws)', 'us-west-2'],
    ['eu-central-2 (aws)', 'eu-central-2'],
    ['eu-south-2 (aws)', 'eu-south-2'],
    ['ap-northeast-3 (aws)', 'ap-northeast-3'],
    ['ap-southeast-7 (aws)', 'ap-southeast-7'],
    ['ca-west-1 (aws)', 'ca-west-1'],
    ['af-south-1 (aws)', 'af-south-1'],
    ['il-central-1 (aws)', 'il-central-1'],
    ['me-central-1 (aws)', 'me-central-1'],
    ['mx-central-1 (aws)', 'mx-central-1'],
    ['sa-east-1 (aws)', 'sa-east-1'],
    ['cn-north-1 (aws-cn)', 'cn-north-1'],
    ['cn-northwest-1 (aws-cn)', 'cn-northwest-1'],
    ['us-gov-west-1 (aws-us-gov)', 'us-gov-west-1'],
    ['us-gov-east-1 (aws-us-gov)', 'us-gov-east-1'],
    ['us-iso-east-1 (aws-iso)', 'us-iso-east-1'],
    ['us-isob-east-1 (aws-iso-b)', 'us-isob-east-1'],
    ['eu-isoe-west-1 (aws-iso-e)', 'eu-isoe-west-1'],
    ['us-isof-south-1 (aws-iso-f)', 'us-isof-south-1'],
  ],
  [
    ['an empty name', ''],
    ['a name without its number', 'us-east'],
    ['an availability zone', 'us-east-1a'],
    ['uppercase letters', 'US-EAST-1'],
    ['a name without hyphens', 'useast1'],
    ['number 0', 'us-east-0'],
    ['an unknown geography', 'mars-east-1'],
    ['an unknown direction', 'us-middle-1'],
    ['surrounding spaces', ' us-east-1 '],
  ],
);

describeRule(
  'iamRoleName',
  rules.iamRoleName,
  [
    ['the tutorial role', 'eks-pod-identity-example'],
    ['one character', 'r'],
    ["every allowed sign '+=,.@_-'", 'Role+=,.@_-1'],
    ['exactly 64 characters', 'r'.repeat(64)],
  ],
  [
    ['an empty name', ''],
    ['65 characters', 'r'.repeat(65)],
    ['a space', 'my role'],
    ['a slash', 'team/role'],
    ['an asterisk', 'role*'],
    ['a letter outside ASCII', 'rôle'],
  ],
);

describeRule(
  'iamRoleNamePrefix',
  rules.iamRoleNamePrefix,
  [
    ['a short prefix', 'reader-'],
    ['exactly 38 characters', 'p'.repeat(38)],
  ],
  [
    ['an empty prefix', ''],
    ['39 characters (Terraform appends 26, IAM allows 64)', 'p'.repeat(39)],
    ['a space', 'my prefix'],
  ],
);

describeRule(
  'iamPath',
  rules.iamPath,
  [
    ['the root path', '/'],
    ['one folder', '/pods/'],
    ['nested folders', '/teams/reader/'],
    ['exactly 512 characters', `/${'p'.repeat(510)}/`],
  ],
  [
    ['an empty path', ''],
    ['513 characters', `/${'p'.repeat(511)}/`],
    ["no leading '/'", 'pods/'],
    ["no trailing '/'", '/pods'],
    ['a space', '/my pods/'],
    ['a letter outside ASCII', '/pôds/'],
  ],
);

describeRule(
  'iamDescription',
  rules.iamDescription,
  [
    ['an empty description', ''],
    ['printable ASCII', 'Role of the reader pods (team A)'],
    ['tabs and new lines', 'line one\n\tline two'],
    ['Latin-1 letters', 'Rôle géré'],
    ['exactly 1000 characters', 'd'.repeat(1000)],
  ],
  [
    ['1001 characters', 'd'.repeat(1001)],
    ['a character beyond Latin-1', 'costs 5 €'],
  ],
);

describeRule(
  'iamStatementSid',
  rules.iamStatementSid,
  [
    ['letters and digits', 'ReadQueue1'],
    ['one letter', 'A'],
  ],
  [
    ['an empty Sid', ''],
    ['a hyphen', 'Read-Queue'],
    ['a space', 'Read Queue'],
  ],
);

describeRule(
  'iamAction',
  rules.iamAction,
  [
    ['every action', '*'],
    ['a service action', 's3:GetObject'],
    ['a service wildcard', 's3:*'],
    ["a trailing '*'", 's3:Get*'],
    ["a '?'", 's3:Get?bject'],
    ['a hyphenated service', 'ec2-instance-connect:SendSSHPublicKey'],
  ],
  [
    ['an empty action', ''],
    ['a service without action', 's3'],
    ['an empty action name', 's3:'],
    ['an empty service', ':GetObject'],
    ['a space', 's3:Get Object'],
  ],
);

describeRule(
  'iamResource',
  rules.iamResource,
  [
    ['every resource', '*'],
    ['an S3 ARN', 'arn:aws:s3:::eks-automation/*'],
    ['exactly 2048 characters', `arn:${'r'.repeat(2044)}`],
  ],
  [
    ['an empty resource', ''],
    ['a bucket name', 'eks-automation'],
    ['a space', 'arn:aws:s3:::my bucket'],
    ['2049 characters', `arn:${'r'.repeat(2045)}`],
  ],
);

describeRule(
  'iamConditionOperator',
  rules.iamConditionOperator,
  [
    ['StringEquals', 'StringEquals'],
    ['StringLikeIfExists', 'StringLikeIfExists'],
    ['ForAnyValue:StringLike', 'ForAnyValue:StringLike'],
    ['ForAllValues:StringEquals', 'ForAllValues:StringEquals'],
    ['Null', 'Null'],
    ['ArnNotLikeIfExists', 'ArnNotLikeIfExists'],
    ['BinaryEquals', 'BinaryEquals'],
    ['NotIpAddress', 'NotIpAddress'],
    ['DateLessThanEqualsIfExists', 'DateLessThanEqualsIfExists'],
  ],
  [
    ['an empty operator', ''],
    ['a space', 'String Equals'],
    ['an unknown set qualifier', 'ForSomeValues:StringEquals'],
    ["a trailing ':'", 'StringEquals:'],
    ['a misspelt operator', 'StringEqualz'],
    ['the wrong case', 'stringequals'],
    ['IfExists on Null', 'NullIfExists'],
    ['IfExists twice', 'StringEqualsIfExistsIfExists'],
    ['an operator IAM does not have', 'StringContains'],
  ],
);

describeRule(
  'managedPolicyArn (managedPolicyArns, permissionsBoundary), in any partition',
  rules.managedPolicyArn,
  [
    ['an AWS-managed policy', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    ['one with a path', 'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy'],
    ["an account's", 'arn:aws:iam::111122223333:policy/team/reader'],
    ['in aws-cn', 'arn:aws-cn:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    ['in aws-us-gov', 'arn:aws-us-gov:iam::111122223333:policy/boundary'],
    ['a name of 128 characters', `arn:aws:iam::aws:policy/${'p'.repeat(128)}`],
  ],
  [
    ['a policy name alone', 'AmazonS3ReadOnlyAccess'],
    ['a role ARN', 'arn:aws:iam::111122223333:role/reader'],
    ['an account of 11 digits', 'arn:aws:iam::11112222333:policy/reader'],
    ['a name of 129 characters', `arn:aws:iam::aws:policy/${'p'.repeat(129)}`],
    ['another service', 'arn:aws:s3:::bucket'],
    ['no partition', 'arn::iam::aws:policy/x'],
  ],
);

describeRule(
  'kmsKeyArn (kmsKeyArns), in any partition',
  rules.kmsKeyArn,
  [
    ['a key', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    [
      'a multi-Region key',
      'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab',
    ],
    ['in aws-cn', 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd'],
  ],
  [
    ['a key ID alone', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['an alias', 'arn:aws:kms:us-east-1:111122223333:alias/my-key'],
    ['no region', 'arn:aws:kms::111122223333:key/1234abcd'],
    ['no account', 'arn:aws:kms:us-east-1::key/1234abcd'],
  ],
);

describeRule(
  'addonVersion (podIdentityAgent.version)',
  rules.addonVersion,
  [
    ['an EKS build', 'v1.3.4-eksbuild.1'],
    ['two-digit parts', 'v1.19.0-eksbuild.12'],
  ],
  [
    ['no v', '1.3.4-eksbuild.1'],
    ['no build', 'v1.3.4'],
    ['another build suffix', 'v1.3.4-build.1'],
    ['latest', 'latest'],
  ],
);

describeRule(
  'tfcProject (TF_CLOUD_PROJECT)',
  rules.tfcProject,
  [
    ['a project', 'Default Project'],
    ['exactly 40 characters', 'p'.repeat(40)],
  ],
  [
    ['an empty name', ''],
    ['41 characters', 'p'.repeat(41)],
  ],
);

describeRule(
  'kubernetesResourceName (resources.requests and limits keys)',
  rules.kubernetesResourceName,
  [
    ['cpu', 'cpu'],
    ['memory', 'memory'],
    ['ephemeral-storage', 'ephemeral-storage'],
  ],
  [
    ['a GPU', 'nvidia.com/gpu'],
    ['the wrong case', 'CPU'],
    ['a prefix of a name', 'mem'],
  ],
);

describeRule(
  'iamConditionKey',
  rules.iamConditionKey,
  [
    ['aws:SourceVpc', 'aws:SourceVpc'],
    ['s3:prefix', 's3:prefix'],
    ['a tag key', 'aws:PrincipalTag/kubernetes-namespace'],
    ['exactly 256 characters', `aws:${'k'.repeat(252)}`],
  ],
  [
    ['an empty key', ''],
    ['a key without service', 'SourceVpc'],
    ['an empty key name', 'aws:'],
    ['a space', 'aws:Principal Tag'],
    ['257 characters', `aws:${'k'.repeat(253)}`],
  ],
);

describeRule(
  'tfcName (organization)',
  rules.tfcName,
  [
    ['letters, digits, hyphens and underscores', 'Acme_Corp-1'],
    ['one character', 'a'],
  ],
  [
    ['an empty name', ''],
    ['a space', 'acme corp'],
    ['a dot', 'acme.corp'],
  ],
);

describeRule(
  'tfcWorkspacePrefix',
  rules.tfcWorkspacePrefix,
  [
    ['no prefix', ''],
    ['letters, digits, hyphens and underscores', 'Team_a-1-'],
  ],
  [
    ['a slash', 'team/'],
    ['a space', 'team a-'],
  ],
);

describeRule(
  'hostname',
  rules.hostname,
  [
    ['Terraform Cloud', 'app.terraform.io'],
    ['an enterprise host', 'tfe.example.com'],
    ['a port', 'tfe.example.com:8443'],
    ['a single label', 'localhost'],
  ],
  [
    ['an empty host', ''],
    ['a URL', 'https://app.terraform.io'],
    ['a path', 'tfe.example.com/'],
    ['a leading hyphen', '-tfe.example.com'],
    ['two dots in a row', 'tfe..example.com'],
    ['a six-digit port', 'tfe.example.com:123456'],
  ],
);

describeRule(
  'containerImage',
  rules.containerImage,
  [
    ['the tutorial image', 'dennysv/dvawscli'],
    ['a registry and tag', 'public.ecr.aws/aws-cli/aws-cli:2.15.0'],
    ['a digest', 'amazon/aws-cli@sha256:0123abcd'],
    ['exactly 4096 characters', 'i'.repeat(4096)],
  ],
  [
    ['an empty reference', ''],
    ['a space', 'dennysv/dvawscli latest'],
    ['4097 characters', 'i'.repeat(4097)],
  ],
);

describeRule(
  'kubernetesQuantity',
  rules.kubernetesQuantity,
  [
    ['an integer', '1'],
    ['millicores', '250m'],
    ['a decimal', '0.5'],
    ['a leading dot', '.5'],
    ['a trailing dot', '1.'],
    ['a binary suffix', '128Mi'],
    ['Gi', '1Gi'],
    ['a decimal suffix', '1G'],
    ['k', '2k'],
    ['Ki', '2Ki'],
    ['an exponent', '1e3'],
    ['an uppercase exponent', '1E3'],
  ],
  [
    ['an empty quantity', ''],
    ['a suffix alone', 'm'],
    ['a wrong case binary suffix', '1mi'],
    ["'K' (Kubernetes writes 'k')", '1K'],
    ['a space', '1 Gi'],
    ['two dots', '1.2.3'],
    ['a word', 'one'],
    ['a negative quantity', '-1'],
  ],
);

describeRule(
  'kubernetesLabelKey',
  rules.kubernetesLabelKey,
  [
    ['a name', 'app'],
    ['a prefixed name', 'app.kubernetes.io/name'],
    ["letters of both cases, digits, '-', '_' and '.'", 'Tier_1.b-c'],
    ['a 63-character name', 'k'.repeat(63)],
    ['a 63-character name behind a prefix', `example.com/${'k'.repeat(63)}`],
    ['a 253-character prefix', `${subdomainOfLength(253)}/app`],
  ],
  [
    ['an empty key', ''],
    ['a 64-character name', 'k'.repeat(64)],
    ['a leading hyphen', '-app'],
    ['a trailing dot', 'app.'],
    ['an empty prefix', '/app'],
    ['an empty name behind a prefix', 'example.com/'],
    ['an uppercase prefix', 'Example.com/app'],
    ['two slashes', 'example.com/a/b'],
    ['a 254-character prefix', `${subdomainOfLength(254)}/app`],
    ['a space', 'my app'],
  ],
);

describeRule(
  'kubernetesLabelValue',
  rules.kubernetesLabelValue,
  [
    ['an empty value', ''],
    ['the tutorial label', 'dvawscli'],
    ["letters of both cases, digits, '-', '_' and '.'", 'V1_b.c-d'],
    ['one character', 'a'],
    ['exactly 63 characters', 'v'.repeat(63)],
  ],
  [
    ['64 characters', 'v'.repeat(64)],
    ['a leading hyphen', '-v'],
    ['a trailing underscore', 'v_'],
    ['a slash', 'a/b'],
    ['a space', 'a b'],
  ],
);

describeRule(
  'awsTagKey',
  rules.awsTagKey,
  [
    ['a word', 'team'],
    ['spaces', 'Cost Center'],
    ["every allowed sign '_.:/=+-@'", 'k_.:/=+-@'],
    ['letters beyond ASCII', 'équipe'],
    ["'aws' without its colon", 'awsome'],
    ["'aws:' inside the key", 'team:aws:x'],
    ['exactly 128 characters', 'k'.repeat(128)],
  ],
  [
    ['an empty key', ''],
    ['129 characters', 'k'.repeat(129)],
    ["the reserved prefix 'aws:'", 'aws:createdBy'],
    ["'AWS:' in uppercase", 'AWS:team'],
    ["'Aws:' in mixed case", 'Aws:team'],
    ['an asterisk', 'team*'],
    ['a comma', 'a,b'],
  ],
);

describeRule(
  'awsTagValue',
  rules.awsTagValue,
  [
    ['an empty value', ''],
    ['spaces and signs', 'Team A / pods@eks'],
    ['exactly 256 characters', 'v'.repeat(256)],
  ],
  [
    ['257 characters', 'v'.repeat(257)],
    ['an asterisk', 'a*'],
    ['a comma', 'a,b'],
  ],
);

describeRule(
  's3BucketName (general purpose bucket naming rules)',
  rules.s3BucketName,
  [
    ['the tutorial bucket', 'eks-automation'],
    ['exactly 3 characters', 'abc'],
    ['exactly 63 characters', 'b'.repeat(63)],
    ['dots', 'logs.example.com'],
    ['a leading digit', '1bucket'],
    ['a trailing digit', 'bucket1'],
    ['three numbers, not an IP address', '192.168.5'],
    ["'xn-' with one hyphen", 'xn-bucket'],
    ["'sthree' inside the name", 'my-sthree-bucket'],
    ["'amzn-s3-demo' without its trailing hyphen", 'amzn-s3-demo'],
    ["'s3alias' without its hyphen", 'buckets3alias'],
    ["'mrap' without its dot", 'bucket-mrap'],
  ],
  [
    ['an empty name', ''],
    ['2 characters', 'ab'],
    ['64 characters', 'b'.repeat(64)],
    ['an uppercase letter', 'My-bucket'],
    ['an underscore', 'my_bucket'],
    ['a space', 'my bucket'],
    ['a leading hyphen', '-bucket'],
    ['a trailing hyphen', 'bucket-'],
    ['a leading dot', '.bucket'],
    ['a trailing dot', 'bucket.'],
    ["'..'", 'my..bucket'],
    ['an IP address', '192.168.5.4'],
    ["the reserved prefix 'xn--'", 'xn--bucket'],
    ["the reserved prefix 'sthree-'", 'sthree-bucket'],
    ["the reserved prefix 'sthree-configurator'", 'sthree-configurator'],
    ["the reserved prefix 'amzn-s3-demo-'", 'amzn-s3-demo-bucket'],
    ["the reserved suffix '-s3alias'", 'bucket-s3alias'],
    ["the reserved suffix '--ol-s3'", 'bucket--ol-s3'],
    ["the reserved suffix '.mrap'", 'bucket.mrap'],
    ["the reserved suffix '--x-s3'", 'bucket--x-s3'],
    ["the reserved suffix '--table-s3'", 'bucket--table-s3'],
  ],
);

describeRule(
  's3KeyPrefix',
  rules.s3KeyPrefix,
  [
    ['no prefix', ''],
    ['one folder', 'data/'],
    ['nested folders', 'team/data/'],
    ['a space inside', 'my data/'],
    ['exactly 1024 characters', `${'p'.repeat(1023)}/`],
  ],
  [
    ["no trailing '/'", 'data'],
    ['1025 characters', `${'p'.repeat(1024)}/`],
    ["a '*'", 'data*/'],
    ["a '?'", 'da?ta/'],
    ['an IAM variable', '${aws:username}/'],
    ["a '&'", 'a&b/'],
    ['a leading space', ' data/'],
  ],
);
