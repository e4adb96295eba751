import { cloudwatchObservability } from '../../presets/cloudwatch-observability';
import { CONTEXT, parsed, valuesOf } from './fixtures';

/** The CloudWatch agent: the EKS guide's managed policies, and its chart's required values. */
describe('cloudwatch-observability', () => {
  const settings = parsed({ name: 'cloudwatch-observability' });

  test("attaches the EKS page's two AWS-managed policies, without a path, and no document", () => {
    expect(cloudwatchObservability.managedPolicies(settings)).toEqual([
      'CloudWatchAgentServerPolicy',
      'AWSXrayWriteOnlyAccess',
    ]);
    expect(cloudwatchObservability.documents(settings, CONTEXT)).toEqual([]);
  });

  test('tells the chart the cluster and region of the values file, which it requires', () => {
    expect(valuesOf(cloudwatchObservability, settings, 'prod-eu')).toEqual({
      clusterName: 'prod-eu',
      region: 'us-east-1',
    });
  });

  test('names the service account only: the chart has no create or annotations key for it', () => {
    const { chart } = cloudwatchObservability;
    expect('none' in chart ? undefined : chart.serviceAccount).toEqual({
      name: 'agent.serviceAccount.name',
    });
  });
});
