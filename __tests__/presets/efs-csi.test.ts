import { efsCsi } from '../../presets/efs-csi';
import { CONTEXT, parsed, valuesOf } from './fixtures';

/**
 * The EFS CSI driver: the managed policy on the controller, and what its
 * chart must be left as for that policy to allow provisioning. The policy's
 * document is pinned by the published-policy comparison.
 */
describe('efs-csi', () => {
  const settings = parsed({ name: 'efs-csi' });
  const context = { cluster: 'my-cluster', region: 'us-east-1', partition: 'aws' } as const;

  test('attaches service-role/AmazonEFSCSIDriverPolicy and no document', () => {
    expect(efsCsi.managedPolicies(settings)).toEqual(['service-role/AmazonEFSCSIDriverPolicy']);
    expect(efsCsi.documents(settings, CONTEXT)).toEqual([]);
  });

  test('leaves out the S3 Files policies, and says how to add them', () => {
    expect(efsCsi.managedPolicies(settings).some((p) => p.includes('S3Files'))).toBe(false);
    const [removed] = efsCsi.source.deviations;
    expect(removed.change).toBe('removes');
    expect(removed.actions.every((a) => a.startsWith('s3files:'))).toBe(true);
    expect(efsCsi.source.limits.join(' ')).toContain(
      'service-role/AmazonS3FilesCSIDriverPolicy and AmazonS3FilesClientFullAccess on this role: add them with managedPolicyArns',
    );
  });

  test('sets no chart value beside the service account', () => {
    expect(valuesOf(efsCsi, settings)).toEqual({});
  });

  test('tells the values file to keep controller.tags empty and enableTagging on', () => {
    const notes = efsCsi.values?.(settings, context).notes?.join(' ') ?? '';
    expect(notes).toContain('Leave controller.tags empty');
    expect(notes).toContain('enableTagging at its default (true)');
  });

  test('names what breaks provisioning with the managed policy, and what to do instead', () => {
    const [tags, tagging, crossAccount] = efsCsi.source.limits;
    expect(tags).toMatch(/^controller\.tags .* breaks dynamic provisioning/);
    expect(tags).toContain('docs/iam-policy-example.json, with statements');
    expect(tagging).toMatch(/^A StorageClass with enableTagging: "false" breaks provisioning/);
    expect(crossAccount).toMatch(/awsRoleArn.*sts:AssumeRole.*add it with statements/);
  });
});
