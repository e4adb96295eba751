import { amazonManagedPrometheus } from '../../presets/amazon-managed-prometheus';
import { CONTEXT, parsed, WORKSPACES } from './fixtures';

describe('amazon-managed-prometheus', () => {
  test('attaches AmazonPrometheusRemoteWriteAccess, and nothing else, without workspaces', () => {
    const settings = parsed({ name: 'amazon-managed-prometheus' });
    expect(amazonManagedPrometheus.managedPolicies(settings)).toEqual([
      'AmazonPrometheusRemoteWriteAccess',
    ]);
    expect(amazonManagedPrometheus.documents(settings, CONTEXT)).toEqual([]);
  });

  test('allows remote write to the workspaces given, in place of the managed policy', () => {
    const settings = parsed({ name: 'amazon-managed-prometheus', workspaceArns: WORKSPACES });
    expect(amazonManagedPrometheus.managedPolicies(settings)).toEqual([]);
    expect(amazonManagedPrometheus.documents(settings, CONTEXT)).toEqual([
      {
        id: 'remote-write',
        description: 'Amazon Managed Prometheus: remote write to its workspaces',
        statements: [
          {
            sid: 'RemoteWriteToWorkspaces',
            effect: 'Allow',
            actions: ['aps:RemoteWrite'],
            resources: WORKSPACES,
          },
        ],
      },
    ]);
  });
});
