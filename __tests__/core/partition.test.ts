import { dnsSuffixOf, partitionOf } from '../../core/partition';

describe('partitionOf and dnsSuffixOf', () => {
  it.each([
    ['us-east-1', 'aws', 'amazonaws.com'],
    ['eu-central-2', 'aws', 'amazonaws.com'],
    ['ap-southeast-7', 'aws', 'amazonaws.com'],
    ['cn-north-1', 'aws-cn', 'amazonaws.com.cn'],
    ['cn-northwest-1', 'aws-cn', 'amazonaws.com.cn'],
    ['us-gov-west-1', 'aws-us-gov', 'amazonaws.com'],
    ['us-gov-east-1', 'aws-us-gov', 'amazonaws.com'],
    ['us-iso-east-1', 'aws-iso', 'c2s.ic.gov'],
    ['us-isob-east-1', 'aws-iso-b', 'sc2s.sgov.gov'],
    ['eu-isoe-west-1', 'aws-iso-e', 'cloud.adc-e.uk'],
    ['us-isof-south-1', 'aws-iso-f', 'csp.hci.ic.gov'],
  ])('places %s in partition %s with endpoints under %s', (region, partition, suffix) => {
    expect(partitionOf(region)).toBe(partition);
    expect(dnsSuffixOf(region)).toBe(suffix);
  });
});
