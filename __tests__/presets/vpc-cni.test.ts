import { vpcCni } from '../../presets/vpc-cni';
import { actionsOf, CONTEXT, contextIn, parsed, resourcesOf, valuesOf } from './fixtures';

/**
 * The VPC CNI plugin: AmazonEKS_CNI_Policy for IPv4, the plugin's own IPv6
 * policy for IPv6, and the chart switched to IPv6 with it. The IPv6
 * document is pinned by the published-policy comparison and the snapshot.
 */
describe('vpc-cni', () => {
  const ipv4 = parsed({ name: 'vpc-cni' });
  const ipv6 = parsed({ name: 'vpc-cni', ipFamily: 'ipv6' });

  test('attaches AmazonEKS_CNI_Policy, without a path, for IPv4 clusters (the default)', () => {
    expect(ipv4.ipFamily).toBe('ipv4');
    expect(vpcCni.managedPolicies(ipv4)).toEqual(['AmazonEKS_CNI_Policy']);
    expect(vpcCni.documents(ipv4, CONTEXT)).toEqual([]);
  });

  test("grants the plugin's IPv6 mode policy for IPv6 clusters, and no managed policy", () => {
    expect(vpcCni.managedPolicies(ipv6)).toEqual([]);
    const documents = vpcCni.documents(ipv6, CONTEXT);
    expect(actionsOf(documents)).toContain('ec2:AssignIpv6Addresses');
    const enisOrIpv4 =
      /^ec2:(?:(?:Create|Attach|Modify|Detach|Delete)NetworkInterface|\w+PrivateIp)/;
    expect(actionsOf(documents).filter((a) => enisOrIpv4.test(a))).toEqual([]);
  });

  test('lets IPv6 nodes describe subnets, without which ipamd does not start with subnet discovery', () => {
    expect(resourcesOf(vpcCni.documents(ipv6, CONTEXT), 'ec2:DescribeSubnets')).toEqual([['*']]);
  });

  test('tags network interfaces in the partition of the context', () => {
    const documents = vpcCni.documents(ipv6, contextIn('aws-cn', 'cn-north-1'));
    expect(resourcesOf(documents, 'ec2:CreateTags')).toEqual([
      ['arn:aws-cn:ec2:*:*:network-interface/*'],
    ]);
  });

  test('sets no chart value beside the service account for IPv4', () => {
    expect(valuesOf(vpcCni, ipv4)).toEqual({});
  });

  test('switches the chart to IPv6 with prefix delegation, as strings the chart takes', () => {
    expect(valuesOf(vpcCni, ipv6)).toEqual({
      env: { ENABLE_IPv6: 'true', ENABLE_IPv4: 'false', ENABLE_PREFIX_DELEGATION: 'true' },
      init: { env: { ENABLE_IPv6: 'true' } },
    });
  });

  test('declares no deviation: the IPv6 policy is the one the plugin publishes', () => {
    expect(vpcCni.source.deviations).toEqual([]);
  });

  test('names the IPv6 features the IPv6 policy does not allow', () => {
    const limits = vpcCni.source.limits.join(' ');
    expect(limits).toContain('ec2:UnassignIpv6Addresses');
    expect(limits).toContain('ENABLE_MULTI_NIC');
    expect(limits).toContain('kubernetes.io/role/cni=0');
  });
});
