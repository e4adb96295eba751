import { vpcCni } from '../../presets/vpc-cni';
import { CONTEXT, contextIn, parsed } from './fixtures';

describe('vpc-cni', () => {
  test('attaches AmazonEKS_CNI_Policy, without a path, for IPv4 clusters (the default)', () => {
    const settings = parsed({ name: 'vpc-cni' });
    expect(settings.ipFamily).toBe('ipv4');
    expect(vpcCni.managedPolicies(settings)).toEqual(['AmazonEKS_CNI_Policy']);
    expect(vpcCni.documents(settings, CONTEXT)).toEqual([]);
  });

  test("grants the plugin's IPv6 mode policy for IPv6 clusters, and no managed policy", () => {
    const settings = parsed({ name: 'vpc-cni', ipFamily: 'ipv6' });
    expect(vpcCni.managedPolicies(settings)).toEqual([]);
    expect(vpcCni.documents(settings, CONTEXT)).toEqual([
      {
        id: 'ipv6',
        description: 'Amazon VPC CNI v1.23.0: IPv6 mode',
        statements: [
          {
            sid: 'AssignIpv6Addresses',
            effect: 'Allow',
            actions: [
              'ec2:AssignIpv6Addresses',
              'ec2:DescribeInstances',
              'ec2:DescribeSecurityGroups',
              'ec2:DescribeSubnets',
              'ec2:DescribeTags',
              'ec2:DescribeNetworkInterfaces',
              'ec2:DescribeInstanceTypes',
            ],
            resources: ['*'],
          },
          {
            sid: 'TagNetworkInterfaces',
            effect: 'Allow',
            actions: ['ec2:CreateTags'],
            resources: ['arn:aws:ec2:*:*:network-interface/*'],
          },
        ],
      },
    ]);
  });

  test('tags network interfaces in the partition of the context', () => {
    const [document] = vpcCni.documents(
      parsed({ name: 'vpc-cni', ipFamily: 'ipv6' }),
      contextIn('aws-cn', 'cn-north-1'),
    );
    expect(document.statements[1].resources).toEqual(['arn:aws-cn:ec2:*:*:network-interface/*']);
  });
});
