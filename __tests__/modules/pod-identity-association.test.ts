import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import {
  PodIdentityAssociation,
  PodIdentityAssociationProps,
} from '../../modules/pod-identity-association';
import { onlyBlock, synthConstruct } from '../support/construct-testing';

const ROLE = {
  roleArn: 'arn:aws:iam::111122223333:role/reports-reader',
  roleName: 'reports-reader',
};
const PROPS: PodIdentityAssociationProps = {
  role: ROLE,
  clusterName: 'blue',
  namespace: 'reports',
  serviceAccount: 'reader',
};

function association(props: PodIdentityAssociationProps) {
  return synthConstruct((scope) => {
    new PodIdentityAssociation(scope, 'association', props);
  });
}

describe('PodIdentityAssociation', () => {
  test("maps the namespace's service account on the cluster to the role's ARN", () => {
    const { json } = association(PROPS);
    expect(onlyBlock(json, 'resource', 'aws_eks_pod_identity_association').body).toEqual({
      cluster_name: 'blue',
      namespace: 'reports',
      service_account: 'reader',
      role_arn: 'arn:aws:iam::111122223333:role/reports-reader',
    });
  });

  test('omits tags when none are given or the map is empty', () => {
    for (const tags of [undefined, {}]) {
      const { json } = association({ ...PROPS, tags });
      expect(
        onlyBlock(json, 'resource', 'aws_eks_pod_identity_association').body,
      ).not.toHaveProperty('tags');
    }
  });

  test('writes the tags given', () => {
    const { synthesized } = association({ ...PROPS, tags: { team: 'reports', env: 'prod' } });
    expect(synthesized).toHaveResourceWithProperties(EksPodIdentityAssociation, {
      tags: { team: 'reports', env: 'prod' },
    });
  });

  test('refers to a role created in the same stack through its ARN', () => {
    // GIVEN a role resource, passed as the reference a PodIdentityRole exposes
    const { json } = synthConstruct((scope) => {
      const role = new IamRole(scope, 'role', { assumeRolePolicy: '{}' });
      new PodIdentityAssociation(scope, 'association', {
        ...PROPS,
        role: { roleArn: role.arn, roleName: role.name },
      });
    });
    // THEN the association waits for the role and takes its ARN
    expect(onlyBlock(json, 'resource', 'aws_eks_pod_identity_association').body.role_arn).toBe(
      '${aws_iam_role.role.arn}',
    );
  });

  test('exposes associationId, associationArn and roleArn as references to the association', () => {
    const { json, resolved } = synthConstruct((scope) => {
      const built = new PodIdentityAssociation(scope, 'association', PROPS);
      return {
        associationId: built.associationId,
        associationArn: built.associationArn,
        roleArn: built.roleArn,
      };
    });
    const { name } = onlyBlock(json, 'resource', 'aws_eks_pod_identity_association');
    const address = `aws_eks_pod_identity_association.${name}`;
    expect(resolved).toEqual({
      associationId: `\${${address}.association_id}`,
      associationArn: `\${${address}.association_arn}`,
      roleArn: `\${${address}.role_arn}`,
    });
  });
});
