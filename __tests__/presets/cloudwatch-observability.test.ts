import { cloudwatchObservability } from '../../presets/cloudwatch-observability';
import { CONTEXT, parsed } from './fixtures';

describe('cloudwatch-observability', () => {
  test("attaches the EKS page's two AWS-managed policies, without a path, and no document", () => {
    const settings = parsed({ name: 'cloudwatch-observability' });
    expect(cloudwatchObservability.managedPolicies(settings)).toEqual([
      'CloudWatchAgentServerPolicy',
      'AWSXrayWriteOnlyAccess',
    ]);
    expect(cloudwatchObservability.documents(settings, CONTEXT)).toEqual([]);
  });
});
