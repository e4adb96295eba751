/** AWS partitions, derived from the region name. */
export type AwsPartition =
  | 'aws'
  | 'aws-cn'
  | 'aws-us-gov'
  | 'aws-iso'
  | 'aws-iso-b'
  | 'aws-iso-e'
  | 'aws-iso-f'
  | 'aws-eusc';

const PARTITIONS: readonly (readonly [string, AwsPartition, string])[] = [
  ['cn-', 'aws-cn', 'amazonaws.com.cn'],
  ['us-gov-', 'aws-us-gov', 'amazonaws.com'],
  ['us-iso-', 'aws-iso', 'c2s.ic.gov'],
  ['us-isob-', 'aws-iso-b', 'sc2s.sgov.gov'],
  ['eu-isoe-', 'aws-iso-e', 'cloud.adc-e.uk'],
  ['us-isof-', 'aws-iso-f', 'csp.hci.ic.gov'],
  ['eusc-', 'aws-eusc', 'amazonaws.eu'],
];

/** The partition a (valid) region belongs to. */
export function partitionOf(region: string): AwsPartition {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

/** The DNS suffix of service endpoints in a region, e.g. `amazonaws.com.cn`. */
export function dnsSuffixOf(region: string): string {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[2] ?? 'amazonaws.com';
}
