import { externalDns } from '../../presets/external-dns';
import {
  actionsOf,
  CONTEXT,
  contextIn,
  HOSTED_ZONES,
  parsed,
  resourcesOf,
  valuesOf,
} from './fixtures';

/**
 * ExternalDNS: what its role allows, and what its chart is told. The whole
 * document is pinned by the published-policy comparison and the snapshot;
 * these assert the properties each setting is for.
 */
describe('external-dns', () => {
  const defaults = externalDns.documents(parsed({ name: 'external-dns' }), CONTEXT);
  const scoped = externalDns.documents(
    parsed({ name: 'external-dns', hostedZoneArns: HOSTED_ZONES }),
    CONTEXT,
  );

  test('attaches no AWS-managed policy', () => {
    expect(externalDns.managedPolicies(parsed({ name: 'external-dns' }))).toEqual([]);
  });

  test('changes and lists records in every hosted zone by default, and nothing but Route 53', () => {
    expect(resourcesOf(defaults, 'route53:ChangeResourceRecordSets')).toEqual([
      ['arn:aws:route53:::hostedzone/*'],
    ]);
    expect(new Set(actionsOf(defaults).map((a) => a.split(':')[0]))).toEqual(new Set(['route53']));
  });

  test('scopes record changes, record listing and tag listing to the hosted zones given', () => {
    for (const action of [
      'route53:ChangeResourceRecordSets',
      'route53:ListResourceRecordSets',
      'route53:ListTagsForResources',
    ]) {
      expect(resourcesOf(scoped, action)).toEqual([HOSTED_ZONES]);
    }
  });

  test('keeps ListHostedZones, which has no resource type, on *', () => {
    expect(resourcesOf(scoped, 'route53:ListHostedZones')).toEqual([['*']]);
  });

  test("builds the default in the context's partition", () => {
    const documents = externalDns.documents(
      parsed({ name: 'external-dns' }),
      contextIn('aws-cn', 'cn-north-1'),
    );
    expect(resourcesOf(documents, 'route53:ChangeResourceRecordSets')).toEqual([
      ['arn:aws-cn:route53:::hostedzone/*'],
    ]);
  });

  test('tells the chart nothing about zones without hostedZoneArns', () => {
    expect(valuesOf(externalDns, parsed({ name: 'external-dns' }))).toEqual({});
  });

  test('filters external-dns to exactly the hosted zones given, by zone ID', () => {
    expect(
      valuesOf(externalDns, parsed({ name: 'external-dns', hostedZoneArns: HOSTED_ZONES })),
    ).toEqual({
      extraArgs: {
        'zone-id-filter': [
          'Z04508012XAMPLE1A2B3C',
          'Z1D633PJN98FT9',
          'Z2FDTNDATAQYW2',
          'Z0987654321EXAMPLEZONE',
          'Z3AADJGX6KTTL2',
        ],
      },
    });
  });
});
