import { ebsCsi } from '../../presets/ebs-csi';
import { conditionsOf, CONTEXT, KMS_KEYS, parsed, resourcesOf, valuesOf } from './fixtures';

/** The EBS CSI driver: the managed policy its release recommends, and its KMS keys. */
describe('ebs-csi', () => {
  test("attaches AmazonEBSCSIDriverPolicyV2 by default, at IAM's path /", () => {
    expect(ebsCsi.managedPolicies(parsed({ name: 'ebs-csi' }))).toEqual([
      'AmazonEBSCSIDriverPolicyV2',
    ]);
  });

  test('keeps the first managed policy selectable, at its service-role/ path', () => {
    expect(ebsCsi.managedPolicies(parsed({ name: 'ebs-csi', policy: 'v1' }))).toEqual([
      'service-role/AmazonEBSCSIDriverPolicy',
    ]);
  });

  test('creates no document without KMS keys', () => {
    expect(ebsCsi.documents(parsed({ name: 'ebs-csi' }), CONTEXT)).toEqual([]);
  });

  test("grants the install guide's KMS actions on the keys given only", () => {
    const documents = ebsCsi.documents(parsed({ name: 'ebs-csi', kmsKeyArns: KMS_KEYS }), CONTEXT);
    for (const action of [
      'kms:Decrypt',
      'kms:GenerateDataKeyWithoutPlaintext',
      'kms:CreateGrant',
    ]) {
      expect(resourcesOf(documents, action)).toEqual([KMS_KEYS]);
    }
  });

  test('lets the driver create grants only for AWS resources (EC2)', () => {
    const documents = ebsCsi.documents(parsed({ name: 'ebs-csi', kmsKeyArns: KMS_KEYS }), CONTEXT);
    expect(conditionsOf(documents, 'kms:CreateGrant')).toEqual([
      ['Bool kms:GrantIsForAWSResource=true'],
    ]);
    expect(conditionsOf(documents, 'kms:Decrypt')).toEqual([[]]);
  });

  test('tells its chart nothing beyond the service account', () => {
    expect(valuesOf(ebsCsi, parsed({ name: 'ebs-csi', kmsKeyArns: KMS_KEYS }))).toEqual({});
  });

  test('says what V2 needs of volumes provisioned statically', () => {
    expect(ebsCsi.source.limits[0]).toMatch(/tagged ebs\.csi\.aws\.com\/cluster=true/);
  });
});
