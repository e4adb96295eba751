import { privatecaIssuer } from '../../presets/privateca-issuer';
import { CERTIFICATE_AUTHORITIES, CONTEXT, parsed } from './fixtures';

describe('privateca-issuer', () => {
  test('attaches AWSPrivateCAConnectorForKubernetesPolicy, without a path, by default', () => {
    const settings = parsed({ name: 'privateca-issuer' });
    expect(privatecaIssuer.managedPolicies(settings)).toEqual([
      'AWSPrivateCAConnectorForKubernetesPolicy',
    ]);
    expect(privatecaIssuer.documents(settings, CONTEXT)).toEqual([]);
  });

  test("issues only from the certificate authorities given, with the README's statement", () => {
    const settings = parsed({
      name: 'privateca-issuer',
      certificateAuthorityArns: CERTIFICATE_AUTHORITIES,
    });
    expect(privatecaIssuer.managedPolicies(settings)).toEqual([]);
    expect(privatecaIssuer.documents(settings, CONTEXT)).toEqual([
      {
        id: 'certificate-authorities',
        description: 'AWS Private CA Issuer v1.9.0: issue from its certificate authorities',
        statements: [
          {
            sid: 'awspcaissuer',
            effect: 'Allow',
            actions: [
              'acm-pca:DescribeCertificateAuthority',
              'acm-pca:GetCertificate',
              'acm-pca:IssueCertificate',
            ],
            resources: CERTIFICATE_AUTHORITIES,
          },
        ],
      },
    ]);
  });
});
