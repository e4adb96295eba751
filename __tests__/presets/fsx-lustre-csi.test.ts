import { fsxLustreCsi } from '../../presets/fsx-lustre-csi';
import { managedPolicies } from '../support/published-policies';
import {
  actionsOf,
  conditionsOf,
  CONTEXT,
  contextIn,
  parsed,
  resourcesOf,
  statement,
  valuesOf,
} from './fixtures';

/**
 * The FSx for Lustre CSI driver: AmazonFSxFullAccess by default, as AWS
 * asks; the driver's least-privilege policy, with the describes FSx makes on
 * the caller's behalf, on request. The documents are pinned by the
 * published-policy comparison and the snapshot.
 */
describe('fsx-lustre-csi', () => {
  const defaults = parsed({ name: 'fsx-lustre-csi' });
  const leastPrivilege = parsed({ name: 'fsx-lustre-csi', leastPrivilege: true });
  const documents = fsxLustreCsi.documents(leastPrivilege, CONTEXT);

  test('attaches AmazonFSxFullAccess and no document by default, as install.md and the EKS user guide do', () => {
    expect(defaults.leastPrivilege).toBe(false);
    expect(fsxLustreCsi.managedPolicies(defaults)).toEqual(['AmazonFSxFullAccess']);
    expect(fsxLustreCsi.documents(defaults, CONTEXT)).toEqual([]);
  });

  test('with leastPrivilege, attaches no managed policy and grants the nine actions of install.md plus five describes', () => {
    expect(fsxLustreCsi.managedPolicies(leastPrivilege)).toEqual([]);
    expect(new Set(actionsOf(documents)).size).toBe(14);
    expect(resourcesOf(documents, 'fsx:CreateFileSystem')).toEqual([['*']]);
  });

  test('allows the EC2 describes only when FSx calls them, as AmazonFSxFullAccess does', () => {
    for (const action of [
      'ec2:DescribeSubnets',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeVpcs',
    ]) {
      expect(conditionsOf(documents, action)).toEqual([
        ['ForAnyValue:StringEquals aws:CalledVia=fsx.amazonaws.com'],
      ]);
    }
  });

  test("copies those describes and their condition from AmazonFSxFullAccess's recorded document", () => {
    const managed = managedPolicies().AmazonFSxFullAccess.document.Statement.find((s) =>
      JSON.stringify(s).includes('"DescribeEC2VpcResources"'),
    );
    const copied = statement(documents, 'DescribeEC2VpcResources');
    expect(copied.actions).toEqual(managed?.Action);
    expect(copied.resources).toEqual([managed?.Resource]);
    expect(managed?.Condition).toEqual({
      'ForAnyValue:StringEquals': { 'aws:CalledVia': [...(copied.conditions?.[0].values ?? [])] },
    });
  });

  test('declares the describes as an addition of leastPrivilege only', () => {
    expect(fsxLustreCsi.source.deviations).toEqual([
      expect.objectContaining({
        change: 'adds',
        when: 'with leastPrivilege',
        actions: statement(documents, 'DescribeEC2VpcResources').actions,
      }),
    ]);
  });

  test('names the Lustre S3 service-linked role in the partition of the context', () => {
    const inGovCloud = fsxLustreCsi.documents(
      leastPrivilege,
      contextIn('aws-us-gov', 'us-gov-west-1'),
    );
    expect(resourcesOf(inGovCloud, 'iam:AttachRolePolicy')).toEqual([
      ['arn:aws-us-gov:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*'],
    ]);
  });

  test('says that customer managed KMS keys need statements of their own', () => {
    expect(fsxLustreCsi.source.limits[0]).toMatch(
      /^A StorageClass kmsKeyId .* add them with statements\.$/,
    );
  });

  test('sets no chart value beside the service account', () => {
    expect(valuesOf(fsxLustreCsi, leastPrivilege)).toEqual({});
  });
});
