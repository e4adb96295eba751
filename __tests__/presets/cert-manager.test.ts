import { certManager } from '../../presets/cert-manager';
import { CONTEXT, contextIn, HOSTED_ZONES, parsed, statement } from './fixtures';

const TXT_ONLY = {
  test: 'ForAllValues:StringEquals',
  variable: 'route53:ChangeResourceRecordSetsRecordTypes',
  values: ['TXT'],
};

describe('cert-manager', () => {
  test('attaches no AWS-managed policy', () => {
    expect(certManager.managedPolicies(parsed({ name: 'cert-manager' }))).toEqual([]);
  });

  test('changes only TXT records, in every hosted zone by default', () => {
    expect(certManager.documents(parsed({ name: 'cert-manager' }), CONTEXT)).toEqual([
      {
        id: 'route53',
        description: 'cert-manager v1.21 DNS-01: TXT records of its Route 53 hosted zones',
        statements: [
          {
            sid: 'GetChanges',
            effect: 'Allow',
            actions: ['route53:GetChange'],
            resources: ['arn:aws:route53:::change/*'],
          },
          {
            sid: 'ChangeTxtRecordsInHostedZones',
            effect: 'Allow',
            actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
            resources: ['arn:aws:route53:::hostedzone/*'],
            conditions: [TXT_ONLY],
          },
          {
            sid: 'FindHostedZones',
            effect: 'Allow',
            actions: ['route53:ListHostedZonesByName'],
            resources: ['*'],
          },
        ],
      },
    ]);
  });

  test('scopes record changes to the hosted zones given, still TXT only', () => {
    const documents = certManager.documents(
      parsed({ name: 'cert-manager', hostedZoneArns: HOSTED_ZONES }),
      CONTEXT,
    );
    expect(statement(documents, 'ChangeTxtRecordsInHostedZones')).toMatchObject({
      resources: HOSTED_ZONES,
      conditions: [TXT_ONLY],
    });
    expect(statement(documents, 'GetChanges').resources).toEqual(['arn:aws:route53:::change/*']);
    expect(statement(documents, 'FindHostedZones').resources).toEqual(['*']);
  });

  test("builds its ARNs in the context's partition", () => {
    const documents = certManager.documents(
      parsed({ name: 'cert-manager' }),
      contextIn('aws-us-gov', 'us-gov-west-1'),
    );
    expect(statement(documents, 'GetChanges').resources).toEqual([
      'arn:aws-us-gov:route53:::change/*',
    ]);
    expect(statement(documents, 'ChangeTxtRecordsInHostedZones').resources).toEqual([
      'arn:aws-us-gov:route53:::hostedzone/*',
    ]);
  });
});
