import { amazonManagedPrometheus } from '../../presets/amazon-managed-prometheus';
import { ACCOUNT, CONTEXT, parsed, resourcesOf, valuesOf, WORKSPACES } from './fixtures';

/**
 * Prometheus remote write to AMP: the managed policy, or remote write to
 * the workspaces given, and the remote write its chart is told.
 */
describe('amazon-managed-prometheus', () => {
  const defaults = parsed({ name: 'amazon-managed-prometheus' });
  const scoped = parsed({ name: 'amazon-managed-prometheus', workspaceArns: WORKSPACES });

  test('attaches AmazonPrometheusRemoteWriteAccess, and nothing else, without workspaces', () => {
    expect(amazonManagedPrometheus.managedPolicies(defaults)).toEqual([
      'AmazonPrometheusRemoteWriteAccess',
    ]);
    expect(amazonManagedPrometheus.documents(defaults, CONTEXT)).toEqual([]);
  });

  test('allows remote write to the workspaces given, in place of the managed policy', () => {
    const documents = amazonManagedPrometheus.documents(scoped, CONTEXT);
    expect(amazonManagedPrometheus.managedPolicies(scoped)).toEqual([]);
    expect(resourcesOf(documents, 'aps:RemoteWrite')).toEqual([WORKSPACES]);
    expect(documents.flatMap((d) => d.statements.flatMap((s) => s.actions))).toEqual([
      'aps:RemoteWrite',
    ]);
  });

  describe('values file', () => {
    const fileOf = (settings: typeof defaults, region = 'us-east-1') =>
      amazonManagedPrometheus.values?.(settings, {
        cluster: 'my-cluster',
        region,
        partition: 'aws',
      });

    test('sets no remote write without workspaces, and says to set it', () => {
      expect(valuesOf(amazonManagedPrometheus, defaults)).toEqual({});
      expect(fileOf(defaults)?.notes?.[0]).toContain('Set server.remoteWrite');
    });

    test("remote-writes to the first workspace, signed in the workspace's region", () => {
      expect(valuesOf(amazonManagedPrometheus, scoped)).toEqual({
        server: {
          remoteWrite: [
            {
              url: 'https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-12345678-abcd-1234-abcd-123456789012/api/v1/remote_write',
              sigv4: { region: 'us-east-1' },
            },
          ],
        },
      });
      expect(fileOf(scoped)?.notes).toEqual([
        `Remote write goes to the first of workspaceArns; the role may also write to ${WORKSPACES[1]}: add a server.remoteWrite entry for each that should get the metrics.`,
      ]);
    });

    test("names the workspace's own region and DNS suffix", () => {
      const china = parsed({
        name: 'amazon-managed-prometheus',
        workspaceArns: [`arn:aws-cn:aps:cn-north-1:${ACCOUNT}:workspace/ws-0123abcd`],
      });
      expect(fileOf(china, 'cn-northwest-1')?.values).toEqual({
        server: {
          remoteWrite: [
            {
              url: 'https://aps-workspaces.cn-north-1.amazonaws.com.cn/workspaces/ws-0123abcd/api/v1/remote_write',
              sigv4: { region: 'cn-north-1' },
            },
          ],
        },
      });
      expect(fileOf(china)?.notes).toEqual([]);
    });
  });
});
