import { efsCsi } from '../../presets/efs-csi';
import { CONTEXT, parsed } from './fixtures';

describe('efs-csi', () => {
  test('attaches service-role/AmazonEFSCSIDriverPolicy and no document', () => {
    const settings = parsed({ name: 'efs-csi' });
    expect(efsCsi.managedPolicies(settings)).toEqual(['service-role/AmazonEFSCSIDriverPolicy']);
    expect(efsCsi.documents(settings, CONTEXT)).toEqual([]);
  });
});
