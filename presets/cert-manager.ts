import { hostedZoneArns } from './parameters';
import { ChartValues, definePreset } from './preset';

/** The ID of a hosted zone, from its ARN (arn:<partition>:route53:::hostedzone/<id>). */
const hostedZoneId = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/**
 * cert-manager's ACME DNS-01 solver for Route 53: the policy of the website's
 * configuration/acme/dns01/route53.md for v1.21 (cert-manager/website at
 * 776e5dba; the v1.20 docs carry the same block). It changes and lists
 * records only in `hostedZoneArns` (by default every hosted zone, as
 * published; the note under the policy suggests naming the zones), changes
 * only TXT records (`ForAllValues:StringEquals` on
 * `route53:ChangeResourceRecordSetsRecordTypes`), follows its changes on
 * `change/*`, and finds zones with `route53:ListHostedZonesByName`, which
 * has no resource type. `route53:ListResourceRecordSets` is kept as
 * published although v1.21.1 does not call it. The getting-started
 * tutorial's older copy, without the TXT condition, is not used.
 *
 * The chart has no zone value: zones are chosen in each issuer's solver.
 * With `hostedZoneArns`, the values file's notes list the zone IDs the
 * solvers may name.
 */
export const certManager = definePreset({
  name: 'cert-manager',
  parameters: {
    hostedZoneArns: hostedZoneArns('every hosted zone of the account, as cert-manager documents'),
  },
  placement: { namespace: 'cert-manager', serviceAccounts: ['cert-manager'] },
  chart: {
    // The docs recommend the OCI chart oci://quay.io/jetstack/charts/cert-manager (published
    // first, helm.md#L21-L23); it is the same chart, with the same values.
    repository: 'https://charts.jetstack.io',
    name: 'cert-manager',
    // Chart.yaml says v0.0.0: the release build sets the version to the tag (make/manifests.mk#L87).
    version: 'v1.21.1',
    releaseName: 'cert-manager',
    serviceAccount: {
      name: 'serviceAccount.name',
      create: 'serviceAccount.create',
      annotations: 'serviceAccount.annotations',
    },
    // The controller's service account is serviceAccount.name, else the fullname (#L29-L35);
    // cainjector and the webhook have their own, which call no AWS API.
    naming: {
      kind: 'fullname',
      url: 'https://github.com/cert-manager/cert-manager/blob/v1.21.1/deploy/charts/cert-manager/templates/_helpers.tpl#L13-L24',
    },
    namespaceSource:
      'https://github.com/cert-manager/website/blob/776e5dba56510fc9de84206b806b568447077f25/content/docs/installation/helm.md#L72-L81',
  },
  values: (preset): ChartValues =>
    preset.hostedZoneArns === undefined
      ? { values: {} }
      : {
          values: {},
          notes: [
            `The role changes records only in the hosted zones ${preset.hostedZoneArns.map(hostedZoneId).join(', ')}:`,
            'give the route53 solver of each ClusterIssuer hostedZoneID (one of them), or send it only names in those zones',
            'with selector.dnsZones; a challenge in any other zone is refused.',
          ],
        },
  source: {
    controller: 'cert-manager/cert-manager (ACME DNS-01, Route 53)',
    release: 'v1.21.1 (docs: cert-manager/website 776e5dba, 2026-08-22)',
    url: 'https://github.com/cert-manager/website/blob/776e5dba56510fc9de84206b806b568447077f25/content/docs/configuration/acme/dns01/route53.md#L23-L52',
    compare:
      'in cert-manager/website: git log -- content/docs/configuration/acme/dns01/route53.md (section "Set up an IAM Policy"), and in cert-manager: git diff v1.21.1 <new> -- pkg/issuer/acme/dns/route53/route53.go for the calls it makes',
    deviations: [
      {
        change: 'scopes',
        actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
        when: 'with hostedZoneArns',
        why: 'On the hosted zones given instead of every zone, as the note under the published policy suggests (route53.md#L54-L57); still TXT records only.',
      },
    ],
    limits: [
      "cert-manager uses ambient credentials, which Pod Identity gives, only for ClusterIssuers: a namespaced Issuer without credentials of its own fails. Use a ClusterIssuer, or add --issuer-ambient-credentials to the chart's extraArgs (which the docs advise against: every namespace that may create an Issuer then gets the role).",
      "A solver's role (cross-account Route 53, route53.md#L456-L503) needs sts:AssumeRole on that role: add it with statements.",
      'With hostedZoneArns, a challenge for a name whose public zone is not among them is refused: pin the solver to a zone (hostedZoneID) or route names with selector.dnsZones, as the values file says.',
    ],
  },
  managedPolicies: () => [],
  documents: (preset, context) => [
    {
      id: 'route53',
      description: 'cert-manager v1.21 DNS-01: TXT records of its Route 53 hosted zones',
      statements: [
        {
          sid: 'GetChanges',
          effect: 'Allow',
          actions: ['route53:GetChange'],
          resources: [`arn:${context.partition}:route53:::change/*`],
        },
        {
          sid: 'ChangeTxtRecordsInHostedZones',
          effect: 'Allow',
          actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
          resources: preset.hostedZoneArns ?? [`arn:${context.partition}:route53:::hostedzone/*`],
          conditions: [
            {
              test: 'ForAllValues:StringEquals',
              variable: 'route53:ChangeResourceRecordSetsRecordTypes',
              values: ['TXT'],
            },
          ],
        },
        {
          sid: 'FindHostedZones',
          effect: 'Allow',
          actions: ['route53:ListHostedZonesByName'],
          resources: ['*'],
        },
      ],
    },
  ],
});
