import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksManagedAddon, EksManagedAddonProps } from '../../modules/eks-managed-addon';
import { blocksOfType, onlyBlock, synthConstruct } from '../support/construct-testing';

const MINIMAL: EksManagedAddonProps = { clusterName: 'blue', addonName: 'eks-pod-identity-agent' };

function addon(props: EksManagedAddonProps) {
  return synthConstruct((scope) => {
    new EksManagedAddon(scope, 'addon', props);
  });
}

describe('EksManagedAddon', () => {
  test('writes a minimal add-on with preserve false and nothing optional', () => {
    const { json } = addon(MINIMAL);
    expect(onlyBlock(json, 'resource', 'aws_eks_addon').body).toEqual({
      cluster_name: 'blue',
      addon_name: 'eks-pod-identity-agent',
      preserve: false,
    });
  });

  test('writes every optional prop', () => {
    const { json } = addon({
      clusterName: 'blue',
      addonName: 'aws-ebs-csi-driver',
      version: 'v1.35.0-eksbuild.1',
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'PRESERVE',
      configurationValues: '{"controller":{"replicaCount":1}}',
      preserve: true,
      tags: { team: 'storage' },
    });
    expect(onlyBlock(json, 'resource', 'aws_eks_addon').body).toEqual({
      cluster_name: 'blue',
      addon_name: 'aws-ebs-csi-driver',
      addon_version: 'v1.35.0-eksbuild.1',
      resolve_conflicts_on_create: 'OVERWRITE',
      resolve_conflicts_on_update: 'PRESERVE',
      configuration_values: '{"controller":{"replicaCount":1}}',
      preserve: true,
      tags: { team: 'storage' },
    });
  });

  test("writes one pod_identity_association block per service account, with its role's ARN", () => {
    const { synthesized } = addon({
      ...MINIMAL,
      addonName: 'aws-ebs-csi-driver',
      podIdentityAssociations: [
        { serviceAccount: 'ebs-csi-controller-sa', role: { roleArn: 'arn:r1', roleName: 'r1' } },
        { serviceAccount: 'ebs-csi-node-sa', role: { roleArn: 'arn:r2', roleName: 'r2' } },
      ],
    });
    expect(synthesized).toHaveResourceWithProperties(EksAddon, {
      pod_identity_association: [
        { service_account: 'ebs-csi-controller-sa', role_arn: 'arn:r1' },
        { service_account: 'ebs-csi-node-sa', role_arn: 'arn:r2' },
      ],
    });
  });

  test('writes no pod_identity_association block for an empty list', () => {
    const { json } = addon({ ...MINIMAL, podIdentityAssociations: [] });
    expect(onlyBlock(json, 'resource', 'aws_eks_addon').body).not.toHaveProperty(
      'pod_identity_association',
    );
  });

  test('depends on the add-on given as after, and only that one does', () => {
    // GIVEN the Pod Identity agent, and an add-on created after it
    const { json } = synthConstruct((scope) => {
      const agent = new EksManagedAddon(scope, 'agent', MINIMAL);
      new EksManagedAddon(scope, 'csi', {
        ...MINIMAL,
        addonName: 'aws-ebs-csi-driver',
        after: agent,
      });
    });
    // THEN the second one's depends_on names the agent's resource
    const blocks = Object.entries(blocksOfType(json, 'resource', 'aws_eks_addon'));
    const nameOf = (addonName: string) => blocks.find(([, b]) => b.addon_name === addonName);
    const [agentName, agent] = nameOf('eks-pod-identity-agent') ?? [];
    expect(nameOf('aws-ebs-csi-driver')?.[1].depends_on).toEqual([`aws_eks_addon.${agentName}`]);
    expect(agent).not.toHaveProperty('depends_on');
  });

  test('writes a tag map holding the key __proto__ through tomap, so that the key arrives', () => {
    const tags = JSON.parse('{ "__proto__": "kept", "team": "pods" }') as Record<string, string>;
    const { synthesized } = addon({ ...MINIMAL, tags });
    expect(synthesized).toHaveResourceWithProperties(EksAddon, {
      tags: '${tomap({"__proto__" = "kept", "team" = "pods"})}',
    });
  });

  test('exposes addonArn, addonVersion and fqn as references to the add-on', () => {
    const { json, resolved } = synthConstruct((scope) => {
      const built = new EksManagedAddon(scope, 'addon', MINIMAL);
      return { arn: built.addonArn, version: built.addonVersion, fqn: built.fqn };
    });
    const address = `aws_eks_addon.${onlyBlock(json, 'resource', 'aws_eks_addon').name}`;
    expect(resolved).toEqual({
      arn: `\${${address}.arn}`,
      version: `\${${address}.addon_version}`,
      fqn: `\${${address}}`,
    });
  });
});
