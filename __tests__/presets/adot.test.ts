import { adot } from '../../presets/adot';
import { CONTEXT, parsed, WORKSPACES } from './fixtures';

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
    expect(adot.documents(settings, CONTEXT)).toEqual([
      {
        id: 'remote-write',
        description: 'ADOT collector: remote write to its AMP workspaces',
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
