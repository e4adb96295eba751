import { certificateAuthorityArns } from './parameters';
import { ChartValues, definePreset } from './preset';

/**
 * The AWS Private CA Issuer for cert-manager (cert-manager/aws-privateca-issuer,
 * also the EKS add-on aws-privateca-connector-for-kubernetes). Without
 * `certificateAuthorityArns`: AWS's managed
 * AWSPrivateCAConnectorForKubernetesPolicy (no path), which the EKS user
 * guide attaches to the add-on's service account: the three actions below
 * on every certificate authority. With them: the issuer README's minimal
 * policy at v1.9.0 (Sid `awspcaissuer`), the same three actions on those
 * certificate authorities only, in place of the managed policy. v1.9.0 calls
 * exactly these three (pkg/aws/pca.go).
 *
 * The placement is the add-on's, which is also the chart's for release
 * `aws-privateca-issuer` in namespace `aws-privateca-issuer`. The README
 * installs the chart with `--generate-name` in the current namespace: the
 * service account is then named after the generated release, which no
 * association names, so the values name it whatever the release.
 */
export const privatecaIssuer = definePreset({
  name: 'privateca-issuer',
  parameters: {
    certificateAuthorityArns: certificateAuthorityArns(
      'every certificate authority, through the AWS-managed AWSPrivateCAConnectorForKubernetesPolicy',
    ),
  },
  placement: { namespace: 'aws-privateca-issuer', serviceAccounts: ['aws-privateca-issuer'] },
  addon: { name: 'aws-privateca-connector-for-kubernetes' },
  chart: {
    repository: 'https://cert-manager.github.io/aws-privateca-issuer',
    name: 'aws-privateca-issuer',
    version: 'v1.9.0',
    // The README gives no release name (--generate-name): the add-on's names are used.
    releaseName: 'aws-privateca-issuer',
    serviceAccount: {
      name: 'serviceAccount.name',
      create: 'serviceAccount.create',
      annotations: 'serviceAccount.annotations',
    },
    // The service account is serviceAccount.name, else the fullname (_helpers.tpl#L56-L62).
    naming: {
      kind: 'fullname',
      url: 'https://github.com/cert-manager/aws-privateca-issuer/blob/v1.9.0/charts/aws-pca-issuer/templates/_helpers.tpl#L13-L24',
    },
    // The EKS user guide: "The add-on namespace is aws-privateca-issuer" (its pages are not
    // pinned here); AWS's EKS Hybrid Nodes tests install the add-on so.
    namespaceSource:
      'https://github.com/aws/eks-hybrid/blob/e5f42ca4e2df0eb7d3da467a4a73444d9d952cd0/test/e2e/addon/pcaissuer.go#L36-L39',
  },
  // An issuer without spec.region is refused unless AWS_REGION is set
  // (pkg/controllers/genericissuer_controller.go#L43, #L112-L113); Pod Identity sets none.
  values: (preset, context): ChartValues => ({
    values: { env: { AWS_REGION: context.region } },
    notes: [
      "Install it as this command does, not with the README's --generate-name: the association maps only the service account named here.",
      ...(preset.certificateAuthorityArns === undefined
        ? []
        : [
            'The role issues only from these certificate authorities: give each AWSPCAIssuer and AWSPCAClusterIssuer one of them as spec.arn:',
            ...preset.certificateAuthorityArns.map((arn) => `  ${arn}`),
          ]),
    ],
  }),
  source: {
    controller:
      'cert-manager/aws-privateca-issuer (EKS add-on aws-privateca-connector-for-kubernetes)',
    release: 'v1.9.0',
    url: 'https://github.com/cert-manager/aws-privateca-issuer/blob/v1.9.0/README.md#L55-L73',
    compare:
      'git diff v1.9.0 <new> -- README.md (the minimal policy) pkg/aws/pca.go (the calls it makes), and the AWSPrivateCAConnectorForKubernetesPolicy the EKS user guide page "AWS add-ons" names (awsdocs/amazon-eks-user-guide 027430e0) with its current version (`aws iam get-policy`)',
    deviations: [
      {
        change: 'scopes',
        actions: [
          'acm-pca:DescribeCertificateAuthority',
          'acm-pca:GetCertificate',
          'acm-pca:IssueCertificate',
        ],
        when: 'with certificateAuthorityArns',
        why: "The README's minimal policy on the certificate authorities given, in place of the managed policy that the EKS user guide attaches, which allows every certificate authority of every account.",
      },
    ],
    limits: [
      "Installed as the README does (helm install --generate-name, in the current namespace), the chart names its service account after the generated release, which the association does not map: the issuer then gets no credentials. Install release aws-privateca-issuer in namespace aws-privateca-issuer as the values file's command does (the values also name the service account), or give the association the namespace and service account you install.",
      'A cross-account issuer (spec.role, README "Cross Account Assume Role") needs sts:AssumeRole on that role: add it with statements.',
      'With certificateAuthorityArns, an issuer whose spec.arn is not among them cannot issue: add its certificate authority to certificateAuthorityArns.',
    ],
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
