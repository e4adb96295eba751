import { hostedZoneArns } from './parameters';
import { definePreset } from './preset';

/**
 * cert-manager's ACME DNS-01 solver for Route 53: the policy of the website's
 * configuration/acme/dns01/route53.md for v1.21 (cert-manager/website at
 * 776e5dba; the v1.20 docs carry the same block). It changes and lists
 * records only in `hostedZoneArns` (by default every hosted zone, as
 * published), changes only TXT records (`ForAllValues:StringEquals` on
 * `route53:ChangeResourceRecordSetsRecordTypes`), follows its changes on
 * `change/*`, and finds zones with `route53:ListHostedZonesByName`, which
 * has no resource type. `route53:ListResourceRecordSets` is kept as
 * published although v1.21.1 does not call it. The getting-started
 * tutorial's older copy, without the TXT condition, is not used.
 */
export const certManager = definePreset({
  name: 'cert-manager',
  parameters: {
    hostedZoneArns: hostedZoneArns('every hosted zone of the account, as cert-manager documents'),
  },
  placement: { namespace: 'cert-manager', serviceAccount: 'cert-manager' },
  source: {
    controller: 'cert-manager/cert-manager (ACME DNS-01, Route 53)',
    release: 'v1.21.1 (docs: cert-manager/website 776e5dba, 2026-08-22)',
    url: 'https://github.com/cert-manager/website/blob/776e5dba56510fc9de84206b806b568447077f25/content/docs/configuration/acme/dns01/route53.md',
    compare:
      'in cert-manager/website: git log -- content/docs/configuration/acme/dns01/route53.md (section "Set up an IAM Policy"), and in cert-manager: git diff v1.21.1 <new> -- pkg/issuer/acme/dns/route53/route53.go for the calls it makes',
    deviations: [],
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
