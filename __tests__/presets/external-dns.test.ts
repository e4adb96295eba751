import { externalDns } from '../../presets/external-dns';
import { CONTEXT, contextIn, HOSTED_ZONES, parsed } from './fixtures';

describe('external-dns', () => {
  test('attaches no AWS-managed policy', () => {
    expect(externalDns.managedPolicies(parsed({ name: 'external-dns' }))).toEqual([]);
  });

  test('changes records in every hosted zone by default, as the tutorial does', () => {
    expect(externalDns.documents(parsed({ name: 'external-dns' }), CONTEXT)).toEqual([
      {
        id: 'route53',
        description: 'ExternalDNS v0.22.0: Route 53 records of its hosted zones',
        statements: [
          {
            sid: 'ChangeRecordsInHostedZones',
            effect: 'Allow',
            actions: [
              'route53:ChangeResourceRecordSets',
              'route53:ListResourceRecordSets',
              'route53:ListTagsForResources',
            ],
            resources: ['arn:aws:route53:::hostedzone/*'],
          },
          {
            sid: 'ListHostedZones',
            effect: 'Allow',
            actions: ['route53:ListHostedZones'],
            resources: ['*'],
          },
        ],
      },
    ]);
  });

  test('scopes record changes to the hosted zones given, and keeps ListHostedZones on *', () => {
    const [document] = externalDns.documents(
      parsed({ name: 'external-dns', hostedZoneArns: HOSTED_ZONES }),
      CONTEXT,
    );
    expect(document.statements[0].resources).toEqual(HOSTED_ZONES);
    expect(document.statements[1].resources).toEqual(['*']);
  });

  test("builds the default in the context's partition", () => {
    const [document] = externalDns.documents(
      parsed({ name: 'external-dns' }),
      contextIn('aws-cn', 'cn-north-1'),
    );
    expect(document.statements[0].resources).toEqual(['arn:aws-cn:route53:::hostedzone/*']);
  });
});
