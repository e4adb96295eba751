import { isQuantity } from './quantity';

/**
 * Naming rules of EKS, IAM, S3 and Kubernetes, each with the wording used in
 * error messages. Checked at synth so that a bad name fails before Terraform
 * talks to any API.
 */
export interface Rule {
  /** What the value must be, phrased to follow "is not". */
  readonly description: string;
  readonly test: (value: string) => boolean;
}

function pattern(regex: RegExp, description: string, maxLength?: number): Rule {
  return {
    description,
    test: (value) => (maxLength === undefined || value.length <= maxLength) && regex.test(value),
  };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const dnsLabel = pattern(
  DNS_LABEL,
  "a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)",
  63,
);

export const dnsSubdomain = pattern(
  DNS_SUBDOMAIN,
  "a DNS-1123 subdomain (at most 253 characters: dot-separated DNS-1123 labels of lowercase letters, digits and '-')",
  253,
);

export const environmentLabel = pattern(
  DNS_LABEL,
  "an environment label (at most 32 lowercase letters, digits and '-', starting and ending with a letter or digit)",
  32,
);

export const identityName = pattern(
  DNS_LABEL,
  "an identity name (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)",
  63,
);

export const eksClusterName = pattern(
  /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
  'an EKS cluster name (1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit)',
  100,
);

export const awsRegion = pattern(
  /^(?:(?:af|ap|ca|cn|eu|il|me|mx|sa|us)|us-gov|us-iso[bf]?|eu-isoe|eusc-de)-(?:central|north|south|east|west|northeast|northwest|southeast|southwest)-[1-9][0-9]?$/,
  "an AWS region name (such as 'us-east-1', 'eu-central-2', 'cn-north-1' or 'us-gov-west-1')",
);

export const iamRoleName = pattern(
  /^[\w+=,.@-]+$/,
  "an IAM role name (1 to 64 letters, digits and '+=,.@_-')",
  64,
);

export const iamRoleNamePrefix = pattern(
  /^[\w+=,.@-]+$/,
  "an IAM role name prefix (1 to 38 letters, digits and '+=,.@_-': Terraform appends 26 characters and IAM allows 64)",
  38,
);

export const iamPath = pattern(
  /^\/([\x21-\x7e]+\/)?$/,
  "an IAM path (at most 512 printable ASCII characters, starting and ending with '/')",
  512,
);

export const iamDescription = pattern(
  /^[\t\n\r\x20-\x7e\xa1-\xff]*$/,
  'an IAM description (at most 1000 printable characters)',
  1000,
);

export const iamStatementSid = pattern(
  /^[A-Za-z0-9]+$/,
  'a statement Sid (letters and digits only)',
);

export const iamAction = pattern(
  /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/,
  "an IAM action ('service:Action', wildcards '*' and '?' allowed, or '*')",
);

export const iamResource = pattern(/^(\*|arn:[^\s]+)$/, "an IAM resource (an ARN or '*')", 2048);

export const iamConditionOperator = pattern(
  /^(ForAllValues:|ForAnyValue:)?[A-Za-z]+$/,
  "an IAM condition operator (such as 'StringEquals' or 'ForAnyValue:StringLike')",
);

export const iamConditionKey = pattern(
  /^[A-Za-z0-9-]+:[A-Za-z0-9/_.:+=@-]+$/,
  "an IAM condition key (such as 'aws:SourceVpc' or 's3:prefix')",
  256,
);

export const tfcName = pattern(
  /^[A-Za-z0-9_-]+$/,
  'a Terraform Cloud name (letters, digits, hyphens and underscores)',
);

export const tfcWorkspacePrefix = pattern(
  /^[A-Za-z0-9_-]*$/,
  'a Terraform Cloud workspace name prefix (letters, digits, hyphens and underscores)',
);

/** Terraform Cloud project names; only their documented length is checked. */
export const tfcProject = pattern(
  /^.+$/,
  'a Terraform Cloud project name (1 to 40 characters)',
  40,
);

export const hostname = pattern(
  /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?$/,
  "a host name (such as 'app.terraform.io' or 'tfe.example.com')",
  253,
);

export const containerImage = pattern(
  /^[^\s]+$/,
  'a container image reference (no whitespace)',
  4096,
);

/** Kubernetes quantities such as `100m`, `0.5`, `128Mi`, `1G`, `1e3`. */
export const kubernetesQuantity: Rule = {
  description: "a Kubernetes quantity (such as '250m', '0.5', '128Mi' or '1Gi')",
  test: isQuantity,
};

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;

export const kubernetesLabelKey: Rule = {
  description:
    "a Kubernetes label key (an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)",
  test: (value) => {
    const slash = value.lastIndexOf('/');
    const prefix = slash === -1 ? undefined : value.slice(0, slash);
    const name = slash === -1 ? value : value.slice(slash + 1);
    if (prefix !== undefined && !dnsSubdomain.test(prefix)) return false;
    return name.length <= 63 && LABEL_NAME.test(name);
  },
};

export const kubernetesLabelValue = pattern(
  /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/,
  "a Kubernetes label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or empty)",
  63,
);

export const awsTagKey: Rule = {
  description:
    "an AWS tag key (1 to 128 letters, digits, spaces and '_.:/=+-@', not starting with 'aws:')",
  test: (value) =>
    value.length >= 1 &&
    value.length <= 128 &&
    /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u.test(value) &&
    !value.toLowerCase().startsWith('aws:'),
};

export const awsTagValue = pattern(
  /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
  "an AWS tag value (at most 256 letters, digits, spaces and '_.:/=+-@')",
  256,
);

/**
 * S3 general purpose bucket names, as published in the S3 user guide's
 * "General purpose bucket naming rules".
 */
export const s3BucketName: Rule = {
  description:
    "an S3 bucket name (3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit, no '..', not an IP address, no reserved prefix 'xn--', 'sthree-' or 'amzn-s3-demo-', no reserved suffix '-s3alias', '--ol-s3', '.mrap', '--x-s3' or '--table-s3')",
  test: (value) =>
    value.length >= 3 &&
    value.length <= 63 &&
    /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(value) &&
    !value.includes('..') &&
    !/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(value) &&
    !['xn--', 'sthree-', 'amzn-s3-demo-'].some((p) => value.startsWith(p)) &&
    !['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'].some((s) => value.endsWith(s)),
};

/** An S3 key prefix that the bucket-scoped policy may limit reads to. */
export const s3KeyPrefix = pattern(
  /^([^*?$&{}\s][^*?$&{}]*\/)?$/,
  "an S3 key prefix (empty, or ending with '/', without '*', '?', '$', '&', '{' or '}')",
  1024,
);
