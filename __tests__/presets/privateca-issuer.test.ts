import { privatecaIssuer } from '../../presets/privateca-issuer';
import {
  actionsOf,
  CERTIFICATE_AUTHORITIES,
  CONTEXT,
  parsed,
  resourcesOf,
  valuesOf,
} from './fixtures';

/**
 * The AWS Private CA Issuer: what its role allows, and what its chart is
 * told. The documents are pinned by the published-policy comparison (the
 * managed policy, the README's minimal policy) and the snapshot; these
 * assert the properties each setting is for.
 */

const ISSUE = [
  'acm-pca:DescribeCertificateAuthority',
  'acm-pca:GetCertificate',
  'acm-pca:IssueCertificate',
];

const VALUES_CONTEXT = { cluster: 'my-cluster', region: 'us-east-1', partition: 'aws' } as const;

describe('privateca-issuer', () => {
  const defaults = parsed({ name: 'privateca-issuer' });
  const scoped = parsed({
    name: 'privateca-issuer',
    certificateAuthorityArns: CERTIFICATE_AUTHORITIES,
  });

  test('attaches AWSPrivateCAConnectorForKubernetesPolicy, without a path, by default', () => {
    expect(privatecaIssuer.managedPolicies(defaults)).toEqual([
      'AWSPrivateCAConnectorForKubernetesPolicy',
    ]);
    expect(privatecaIssuer.documents(defaults, CONTEXT)).toEqual([]);
  });

  test('issues only from the certificate authorities given, in place of the managed policy', () => {
    const documents = privatecaIssuer.documents(scoped, CONTEXT);
    expect(privatecaIssuer.managedPolicies(scoped)).toEqual([]);
    expect(actionsOf(documents)).toEqual(ISSUE);
    for (const action of ISSUE) {
      expect(resourcesOf(documents, action)).toEqual([CERTIFICATE_AUTHORITIES]);
    }
  });

  test('sets the region issuers without spec.region need, whatever the parameters', () => {
    expect(valuesOf(privatecaIssuer, defaults)).toEqual({ env: { AWS_REGION: 'us-east-1' } });
    expect(valuesOf(privatecaIssuer, scoped)).toEqual({ env: { AWS_REGION: 'us-east-1' } });
  });

  test("warns against the README's --generate-name install", () => {
    const notes = privatecaIssuer.values?.(defaults, VALUES_CONTEXT).notes ?? [];
    expect(notes.join(' ')).toContain('--generate-name');
    expect(privatecaIssuer.source.limits.join(' ')).toContain('--generate-name');
  });

  test('with certificateAuthorityArns, lists the certificate authorities issuers may name', () => {
    const notes = privatecaIssuer.values?.(scoped, VALUES_CONTEXT).notes ?? [];
    expect(notes.join('\n')).toMatch(/spec\.arn/);
    for (const arn of CERTIFICATE_AUTHORITIES) expect(notes).toContain(`  ${arn}`);
  });

  test('names cross-account issuers as a limit (sts:AssumeRole)', () => {
    expect(privatecaIssuer.source.limits.join(' ')).toContain('sts:AssumeRole');
  });
});
