import { QUANTITY } from './quantity';
import { RESERVED_IDENTITY_NAMES } from './stack-ids';

/**
 * Naming rules of EKS, IAM, S3, Terraform Cloud and Kubernetes. Each is one
 * regular expression (and a length), so that the reader and the published
 * JSON Schema test exactly the same thing, with the wording that error
 * messages and the reference documentation use.
 */
export interface Rule {
  /** What the value must be, phrased to follow "is not". */
  readonly description: string;
  /** ECMAScript syntax, as JSON Schema's `pattern` takes it (read with the `u` flag). */
  readonly pattern: RegExp;
  /** In characters (code points), as JSON Schema's `maxLength` counts them. */
  readonly maxLength?: number;
}

/** Whether `value` follows `rule`. */
export function follows(rule: Rule, value: string): boolean {
  return (
    (rule.maxLength === undefined || [...value].length <= rule.maxLength) &&
    rule.pattern.test(value)
  );
}

function rule(pattern: RegExp, description: string, maxLength?: number): Rule {
  return { pattern, description, ...(maxLength !== undefined && { maxLength }) };
}

const LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
const DNS_LABEL = new RegExp(`^${LABEL}$`);

export const dnsLabel = rule(
  DNS_LABEL,
  "a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)",
  63,
);

export const dnsSubdomain = rule(
  new RegExp(`^${LABEL}(?:\\.${LABEL})*$`),
  "a DNS-1123 subdomain (at most 253 characters: dot-separated DNS-1123 labels of lowercase letters, digits and '-')",
  253,
);

export const environmentLabel = rule(
  DNS_LABEL,
  "an environment label (at most 32 lowercase letters, digits and '-', starting and ending with a letter or digit)",
  32,
);

const RESERVED = RESERVED_IDENTITY_NAMES.join('|');
const RESERVED_LIST = `${RESERVED_IDENTITY_NAMES.slice(0, -1).join(', ')} or ${RESERVED_IDENTITY_NAMES.at(-1) ?? ''}`;

export const identityName = rule(
  new RegExp(`^(?!(?:${RESERVED})$)${LABEL}$`),
  `an identity name (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit; not ${RESERVED_LIST}, the names the AWS stack gives its own constructs)`,
  63,
);

export const eksClusterName = rule(
  /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
  'an EKS cluster name (1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit)',
  100,
);

export const awsRegion = rule(
  /^(?:(?:af|ap|ca|cn|eu|il|me|mx|sa|us)|us-gov|us-iso[bf]?|eu-isoe|eusc-de)-(?:central|north|south|east|west|northeast|northwest|southeast|southwest)-[1-9][0-9]?$/,
  "an AWS region name (such as 'us-east-1', 'eu-central-2', 'cn-north-1' or 'us-gov-west-1')",
);

export const iamRoleName = rule(
  /^[\w+=,.@-]+$/,
  "an IAM role name (1 to 64 letters, digits and '+=,.@_-')",
  64,
);

export const iamRoleNamePrefix = rule(
  /^[\w+=,.@-]+$/,
  "an IAM role name prefix (1 to 38 letters, digits and '+=,.@_-': Terraform appends 26 characters and IAM allows 64)",
  38,
);

export const iamPath = rule(
  /^\/(?:[\x21-\x7e]+\/)?$/,
  "an IAM path (at most 512 printable ASCII characters, starting and ending with '/')",
  512,
);

export const iamDescription = rule(
  /^[\t\n\r\x20-\x7e\xa1-\xff]*$/,
  'an IAM description (at most 1000 printable characters)',
  1000,
);

export const iamStatementSid = rule(/^[A-Za-z0-9]+$/, 'a statement Sid (letters and digits only)');

export const iamAction = rule(
  /^(?:\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/,
  "an IAM action ('service:Action', wildcards '*' and '?' allowed, or '*')",
);

export const iamResource = rule(/^(?:\*|arn:\S+)$/, "an IAM resource (an ARN or '*')", 2048);

/**
 * IAM's condition operators (IAM User Guide, "IAM JSON policy elements:
 * Condition operators"), each but `Null` also with the `IfExists` suffix, and
 * the set qualifiers `ForAllValues:` and `ForAnyValue:`.
 */
export const IAM_CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
] as const;

export const iamConditionOperator = rule(
  new RegExp(
    `^(?:ForAllValues:|ForAnyValue:)?(?:(?:${IAM_CONDITION_OPERATORS.join('|')})(?:IfExists)?|Null)$`,
  ),
  "an IAM condition operator (one of IAM's: such as 'StringEquals', 'ArnLike', 'Bool' or 'Null', with an optional 'IfExists' suffix (not on 'Null') and 'ForAllValues:' or 'ForAnyValue:' prefix)",
);

export const iamConditionKey = rule(
  /^[A-Za-z0-9-]+:[A-Za-z0-9/_.:+=@-]+$/,
  "an IAM condition key (such as 'aws:SourceVpc' or 's3:prefix')",
  256,
);

/**
 * ARNs in any partition (`aws`, `aws-cn`, `aws-us-gov`, ...). That the
 * partition is the region's is checked with the region, which the
 * environment may set.
 */
const PARTITION = 'aws(?:-[a-z]+)*';

export const managedPolicyArn = rule(
  new RegExp(
    `^arn:${PARTITION}:iam::(?:aws|\\d{12}):policy/(?:[\\x21-\\x7e]+/)?[\\w+=,.@-]{1,128}$`,
  ),
  'a managed policy ARN (arn:<partition>:iam::<account or aws>:policy/<path><name>)',
);

export const kmsKeyArn = rule(
  new RegExp(`^arn:${PARTITION}:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$`),
  'a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>)',
);

/**
 * EKS add-on names. AWS documents no pattern for them; every name
 * `describe-addon-versions` lists is letters, digits and '-', and marketplace
 * add-ons are `vendor_product`.
 */
export const addonName = rule(
  /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
  "an EKS add-on name (1 to 100 letters, digits, '-' and '_', starting with a letter or digit, such as 'aws-ebs-csi-driver' or a marketplace 'vendor_product')",
  100,
);

export const addonVersion = rule(
  /^v\d+\.\d+\.\d+-eksbuild\.\d+$/,
  "an add-on version (such as 'v1.3.4-eksbuild.1')",
);

export const tfcName = rule(
  /^[A-Za-z0-9_-]+$/,
  'a Terraform Cloud name (letters, digits, hyphens and underscores)',
);

export const tfcWorkspacePrefix = rule(
  /^[A-Za-z0-9_-]*$/,
  'a Terraform Cloud workspace name prefix (letters, digits, hyphens and underscores)',
);

/** Terraform Cloud project names; only their documented length is checked. */
export const tfcProject = rule(/^.+$/, 'a Terraform Cloud project name (1 to 40 characters)', 40);

export const hostname = rule(
  /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?$/,
  "a host name (such as 'app.terraform.io' or 'tfe.example.com')",
  253,
);

export const containerImage = rule(/^\S+$/, 'a container image reference (no whitespace)', 4096);

/** Kubernetes quantities such as `100m`, `0.5`, `128Mi`, `1G`, `1e3`. */
export const kubernetesQuantity = rule(
  QUANTITY,
  "a Kubernetes quantity (such as '250m', '0.5', '128Mi' or '1Gi')",
);

export const kubernetesResourceName = rule(
  /^(?:cpu|memory|ephemeral-storage)$/,
  "a container resource name ('cpu', 'memory' or 'ephemeral-storage')",
);

export const kubernetesLabelKey = rule(
  new RegExp(
    `^(?:(?=[^/]{1,253}/)${LABEL}(?:\\.${LABEL})*/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$`,
  ),
  "a Kubernetes label key (an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)",
);

export const kubernetesLabelValue = rule(
  /^(?:(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/,
  "a Kubernetes label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or empty)",
  63,
);

export const awsTagKey = rule(
  /^(?![aA][wW][sS]:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u,
  "an AWS tag key (1 to 128 letters, digits, spaces and '_.:/=+-@', not starting with 'aws:')",
  128,
);

export const awsTagValue = rule(
  /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
  "an AWS tag value (at most 256 letters, digits, spaces and '_.:/=+-@')",
  256,
);

/**
 * S3 general purpose bucket names, as published in the S3 user guide's
 * "General purpose bucket naming rules".
 */
export const s3BucketName = rule(
  /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(?:-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$)(?!.*\.\.)(?!\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  "an S3 bucket name (3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit, no '..', not an IP address, no reserved prefix 'xn--', 'sthree-' or 'amzn-s3-demo-', no reserved suffix '-s3alias', '--ol-s3', '.mrap', '--x-s3' or '--table-s3')",
);

/** An S3 key prefix that the bucket-scoped policy may limit reads to. */
export const s3KeyPrefix = rule(
  /^(?:[^*?$&{}\s][^*?$&{}]*\/)?$/,
  "an S3 key prefix (empty, or ending with '/', without '*', '?', '$', '&', '{' or '}')",
  1024,
);

/**
 * A prefix of S3 object keys for state files: the S3 user guide's safe
 * characters, no leading '/' nor '//' (Terraform's S3 backend refuses both),
 * short enough that <prefix><longest stack name>.tfstate.tflock stays within
 * S3's 1,024-byte keys.
 */
export const s3StateKeyPrefix = rule(
  /^(?!\/)(?!.*\/\/)[A-Za-z0-9!_.*'()/-]*$/,
  "an S3 key prefix for state files (letters, digits and !_.*'()/-, not starting with '/', no '//', at most 850 characters)",
  850,
);

/** ARNs of the resources presets are scoped to, in any partition. */
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';
const ACCOUNT = '\\d{12}';
const arn = (service: string, rest: string) => new RegExp(`^arn:${PARTITION}:${service}:${rest}$`);

export const route53HostedZoneArn = rule(
  arn('route53', '::hostedzone/[A-Z0-9]{1,32}'),
  'a Route 53 hosted zone ARN (arn:<partition>:route53:::hostedzone/<zone id>)',
);

export const s3BucketArn = rule(
  arn('s3', `::${s3BucketName.pattern.source.replace(/^\^|\$$/g, '')}`),
  'an S3 bucket ARN (arn:<partition>:s3:::<bucket name>)',
);

/** A general purpose bucket's ARN, or an S3 Express One Zone directory bucket's. */
export const mountableBucketArn = rule(
  new RegExp(
    `^(?:arn:${PARTITION}:s3:::${s3BucketName.pattern.source.replace(/^\^|\$$/g, '')}|arn:${PARTITION}:s3express:${REGION}:${ACCOUNT}:bucket/[a-z0-9][a-z0-9-]{1,46}--[a-z0-9-]{1,20}--x-s3)$`,
  ),
  'an S3 bucket ARN (arn:<partition>:s3:::<bucket name>) or an S3 Express directory bucket ARN (arn:<partition>:s3express:<region>:<account>:bucket/<base name>--<zone id>--x-s3)',
);

export const sqsQueueArn = rule(
  arn('sqs', `${REGION}:${ACCOUNT}:[A-Za-z0-9_-]{1,80}(?:\\.fifo)?`),
  'an SQS queue ARN (arn:<partition>:sqs:<region>:<account>:<queue name>)',
);

export const ssmParameterArn = rule(
  arn('ssm', `${REGION}:${ACCOUNT}:parameter/[A-Za-z0-9_.\\-/*?]+`),
  "an SSM parameter ARN (arn:<partition>:ssm:<region>:<account>:parameter/<name>, wildcards '*' and '?' allowed)",
);

export const secretArn = rule(
  arn('secretsmanager', `${REGION}:${ACCOUNT}:secret:[A-Za-z0-9/_+=.@*?-]+`),
  "a Secrets Manager secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>, wildcards '*' and '?' allowed, such as <name>-??????)",
);

export const prometheusWorkspaceArn = rule(
  arn('aps', `${REGION}:${ACCOUNT}:workspace/ws-[0-9a-f-]{1,64}`),
  'an Amazon Managed Prometheus workspace ARN (arn:<partition>:aps:<region>:<account>:workspace/ws-<id>)',
);

export const privateCaArn = rule(
  arn('acm-pca', `${REGION}:${ACCOUNT}:certificate-authority/[0-9a-f-]{36}`),
  'an AWS Private CA ARN (arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>)',
);

/** An IAM OIDC identity provider, as IRSA's trust policies name it. */
export const oidcProviderArn = rule(
  arn('iam', `:${ACCOUNT}:oidc-provider/[A-Za-z0-9.-]+(?:/[A-Za-z0-9._~-]+)*`),
  "an IAM OIDC provider ARN (arn:<partition>:iam::<account>:oidc-provider/<issuer host and path>, such as 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE')",
);

export const iamRoleArn = rule(
  arn('iam', `:${ACCOUNT}:role/(?:[\\x21-\\x7e]+/)?[\\w+=,.@-]{1,64}`),
  'an IAM role ARN (arn:<partition>:iam::<account>:role/<path><name>)',
);
