import { adot } from '../../presets/adot';
import { CONTEXT, parsed, resourcesOf, WORKSPACES } from './fixtures';

/** The ADOT add-on: the three collectors' managed policies on one role. */
describe('adot', () => {
  test("attaches the three collectors' AWS-managed policies without workspaces", () => {
    const settings = parsed({ name: 'adot' });
    expect(adot.managedPolicies(settings)).toEqual([
      'AmazonPrometheusRemoteWriteAccess',
      'CloudWatchAgentServerPolicy',
      'AWSXrayWriteOnlyAccess',
    ]);
    expect(adot.documents(settings, CONTEXT)).toEqual([]);
  });

  test('writes only to the workspaces given, in place of AmazonPrometheusRemoteWriteAccess', () => {
    const settings = parsed({ name: 'adot', workspaceArns: WORKSPACES });
    expect(adot.managedPolicies(settings)).toEqual([
      'CloudWatchAgentServerPolicy',
      'AWSXrayWriteOnlyAccess',
    ]);
    expect(resourcesOf(adot.documents(settings, CONTEXT), 'aps:RemoteWrite')).toEqual([WORKSPACES]);
  });

  test("is associated with every collector's service account, the Prometheus one first", () => {
    expect(adot.placement).toEqual({
      namespace: 'opentelemetry-operator-system',
      serviceAccounts: ['adot-col-prom-metrics', 'adot-col-otlp-ingest', 'adot-col-container-logs'],
    });
  });

  test('has no chart: the add-on installs the collectors', () => {
    expect('none' in adot.chart).toBe(true);
    expect(adot.addon).toEqual({ name: 'adot' });
  });

  test('says that one role serves the three collectors, and how to give each its own', () => {
    expect(adot.source.deviations.flatMap((d) => d.actions)).toEqual(['aps:RemoteWrite']);
    expect(adot.source.limits[0]).toContain("map the add-on's serviceAccounts to identities");
  });
});
