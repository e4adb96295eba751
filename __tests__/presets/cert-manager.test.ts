import { certManager } from '../../presets/cert-manager';
import {
  actionsOf,
  conditionsOf,
  CONTEXT,
  contextIn,
  HOSTED_ZONES,
  parsed,
  resourcesOf,
  valuesOf,
} from './fixtures';

/**
 * cert-manager's Route 53 DNS-01 solver: what its role allows, and what its
 * values file says. The whole document is pinned by the published-policy
 * comparison and the snapshot; these assert the properties each setting is
 * for.
 */

const TXT_ONLY = 'ForAllValues:StringEquals route53:ChangeResourceRecordSetsRecordTypes=TXT';

describe('cert-manager', () => {
  const defaults = certManager.documents(parsed({ name: 'cert-manager' }), CONTEXT);
  const scoped = certManager.documents(
    parsed({ name: 'cert-manager', hostedZoneArns: HOSTED_ZONES }),
    CONTEXT,
  );

  test('attaches no AWS-managed policy, and grants nothing but Route 53', () => {
    expect(certManager.managedPolicies(parsed({ name: 'cert-manager' }))).toEqual([]);
    expect(new Set(actionsOf(defaults).map((a) => a.split(':')[0]))).toEqual(new Set(['route53']));
  });

  test('changes only TXT records, in every hosted zone by default', () => {
    expect(resourcesOf(defaults, 'route53:ChangeResourceRecordSets')).toEqual([
      ['arn:aws:route53:::hostedzone/*'],
    ]);
    expect(conditionsOf(defaults, 'route53:ChangeResourceRecordSets')).toEqual([[TXT_ONLY]]);
  });

  test('scopes record changes and listing to the hosted zones given, still TXT only', () => {
    for (const action of ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets']) {
      expect(resourcesOf(scoped, action)).toEqual([HOSTED_ZONES]);
      expect(conditionsOf(scoped, action)).toEqual([[TXT_ONLY]]);
    }
  });

  test('keeps following changes on change/* and finding zones on * (no resource type)', () => {
    expect(resourcesOf(scoped, 'route53:GetChange')).toEqual([['arn:aws:route53:::change/*']]);
    expect(resourcesOf(scoped, 'route53:ListHostedZonesByName')).toEqual([['*']]);
  });

  test("builds its ARNs in the context's partition", () => {
    const documents = certManager.documents(
      parsed({ name: 'cert-manager' }),
      contextIn('aws-us-gov', 'us-gov-west-1'),
    );
    expect(resourcesOf(documents, 'route53:GetChange')).toEqual([
      ['arn:aws-us-gov:route53:::change/*'],
    ]);
    expect(resourcesOf(documents, 'route53:ChangeResourceRecordSets')).toEqual([
      ['arn:aws-us-gov:route53:::hostedzone/*'],
    ]);
  });

  test('gives the chart no value, and says nothing about zones without hostedZoneArns', () => {
    const values = certManager.values?.(parsed({ name: 'cert-manager' }), {
      cluster: 'my-cluster',
      region: 'us-east-1',
      partition: 'aws',
    });
    expect(values).toEqual({ values: {} });
  });

  test("with hostedZoneArns, tells the ClusterIssuer's solver the zones it may use, by ID", () => {
    const settings = parsed({ name: 'cert-manager', hostedZoneArns: HOSTED_ZONES });
    // The chart has no zone value: the zones are set in each issuer's solver.
    expect(valuesOf(certManager, settings)).toEqual({});
    const notes =
      certManager
        .values?.(settings, { cluster: 'my-cluster', region: 'us-east-1', partition: 'aws' })
        .notes?.join(' ') ?? '';
    expect(notes).toContain(
      'Z04508012XAMPLE1A2B3C, Z1D633PJN98FT9, Z2FDTNDATAQYW2, Z0987654321EXAMPLEZONE, Z3AADJGX6KTTL2',
    );
    expect(notes).toMatch(/hostedZoneID/);
    expect(notes).toMatch(/selector\.dnsZones/);
  });

  test('names what its role does not allow: namespaced Issuers, and a solver role', () => {
    const limits = certManager.source.limits.join('\n');
    expect(limits).toContain('--issuer-ambient-credentials');
    expect(limits).toContain('sts:AssumeRole');
  });
});
