import { certificateAuthorityArns } from './parameters';
import { definePreset } from './preset';

/**
 * The AWS Private CA Issuer for cert-manager (cert-manager/aws-privateca-issuer,
 * also the EKS add-on aws-privateca-connector-for-kubernetes). Without
 * `certificateAuthorityArns`: AWS's managed
 * AWSPrivateCAConnectorForKubernetesPolicy (no path), which the EKS user
 * guide attaches to the add-on's service account: the three actions below
 * on every certificate authority. With them: the issuer README's minimal
 * policy at v1.9.0 (Sid `awspcaissuer`), the same three actions on those
 * certificate authorities only, in place of the managed policy.
 *
 * Cross-account issuers (`spec.role`) also need `sts:AssumeRole` on that
 * role, which the README does not list; the preset does not grant it.
 */
export const privatecaIssuer = definePreset({
  name: 'privateca-issuer',
  parameters: {
    certificateAuthorityArns: certificateAuthorityArns(
      'every certificate authority, through the AWS-managed AWSPrivateCAConnectorForKubernetesPolicy',
    ),
  },
  placement: { namespace: 'aws-privateca-issuer', serviceAccount: 'aws-privateca-issuer' },
  addon: { name: 'aws-privateca-connector-for-kubernetes' },
  source: {
    controller:
      'cert-manager/aws-privateca-issuer (EKS add-on aws-privateca-connector-for-kubernetes)',
    release: 'v1.9.0',
    url: 'https://github.com/cert-manager/aws-privateca-issuer/blob/v1.9.0/README.md',
    compare:
      'git diff v1.9.0 <new> -- README.md (the minimal policy), and the AWSPrivateCAConnectorForKubernetesPolicy the EKS user guide page "AWS add-ons" names (awsdocs/amazon-eks-user-guide 027430e0) with its current version (`aws iam get-policy`)',
    deviations: [],
  },
  managedPolicies: (preset) =>
    preset.certificateAuthorityArns === undefined
      ? ['AWSPrivateCAConnectorForKubernetesPolicy']
      : [],
  documents: (preset) =>
    preset.certificateAuthorityArns === undefined
      ? []
      : [
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
                resources: preset.certificateAuthorityArns,
              },
            ],
          },
        ],
});
