import { hostedZoneArns } from './parameters';
import { ChartValues, definePreset } from './preset';

/** The ID of a hosted zone, from its ARN (arn:<partition>:route53:::hostedzone/<id>). */
const hostedZoneId = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/**
 * ExternalDNS with its AWS (Route 53) provider: the policy of
 * docs/tutorials/aws.md ("IAM Policy") at v0.22.0. Record changes, record
 * listing and tag listing are scoped to `hostedZoneArns` (by default every
 * hosted zone, as published: the tutorial's "Further improvements" suggests
 * listing the zones instead); `route53:ListHostedZones` has no resource type
 * and stays on `*`. The optional DynamoDB registry statement is left out.
 *
 * With `hostedZoneArns`, external-dns must be told the same zones: v0.22.0
 * lists every hosted zone, keeps those its filters pass, then lists the
 * records of each (provider/aws/aws.go#L500-L523), and the first AccessDenied
 * discards the whole run before any change is planned
 * (controller/controller.go#L76-L81): nothing syncs in any zone. The values
 * pass `--zone-id-filter` for exactly those zones.
 */
export const externalDns = definePreset({
  name: 'external-dns',
  parameters: {
    hostedZoneArns: hostedZoneArns('every hosted zone of the account, as external-dns documents'),
  },
  placement: { namespace: 'external-dns', serviceAccounts: ['external-dns'] },
  chart: {
    repository: 'https://kubernetes-sigs.github.io/external-dns/',
    name: 'external-dns',
    // No released chart ships v0.22.0: 1.21.1 is the newest (appVersion 0.21.0).
    version: '1.21.1',
    releaseName: 'external-dns',
    serviceAccount: {
      name: 'serviceAccount.name',
      create: 'serviceAccount.create',
      annotations: 'serviceAccount.annotations',
    },
    naming: {
      kind: 'fullname',
      url: 'https://github.com/kubernetes-sigs/external-dns/blob/external-dns-helm-chart-1.21.1/charts/external-dns/templates/_helpers.tpl#L23-L34',
    },
    // The tutorial's Pod Identity example associates external-dns/external-dns.
    namespaceSource:
      'https://github.com/kubernetes-sigs/external-dns/blob/v0.22.0/docs/tutorials/aws.md#L572-L579',
    image: { key: 'image.tag', tag: 'v0.22.0' },
  },
  values: (preset): ChartValues =>
    preset.hostedZoneArns === undefined
      ? { values: {} }
      : {
          values: {
            extraArgs: { 'zone-id-filter': preset.hostedZoneArns.map(hostedZoneId) },
          },
          notes: [
            "--zone-id-filter keeps external-dns to the role's hosted zones: one zone it may not read stops every sync.",
          ],
        },
  source: {
    controller: 'kubernetes-sigs/external-dns (AWS provider)',
    release: 'v0.22.0',
    url: 'https://github.com/kubernetes-sigs/external-dns/blob/v0.22.0/docs/tutorials/aws.md#L12-L38',
    compare:
      'git diff v0.22.0 <new> -- docs/tutorials/aws.md docs/registry/dynamodb.md (the first json block after "## IAM Policy"), and provider/aws/aws.go for the calls it makes',
    deviations: [
      {
        change: 'scopes',
        actions: [
          'route53:ChangeResourceRecordSets',
          'route53:ListResourceRecordSets',
          'route53:ListTagsForResources',
        ],
        when: 'with hostedZoneArns',
        why: 'The record actions and the tag listing on the hosted zones given, as the tutorial\'s "Further improvements" suggests, instead of every zone; the chart values filter external-dns to the same zones (--zone-id-filter).',
      },
    ],
    limits: [
      "Filter by zone IDs, which the values do: filtering by domain (domainFilters) alone also selects subzones and private/public twins outside hostedZoneArns, and by zone tags (--aws-zone-tags) alone lists every zone's tags, both of which the role refuses, stopping every sync.",
      'The DynamoDB registry (--registry=dynamodb) and --aws-assume-role need permissions the preset does not grant: add them with statements.',
    ],
  },
  managedPolicies: () => [],
  documents: (preset, context) => [
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
          resources: preset.hostedZoneArns ?? [`arn:${context.partition}:route53:::hostedzone/*`],
        },
        {
          sid: 'ListHostedZones',
          effect: 'Allow',
          actions: ['route53:ListHostedZones'],
          resources: ['*'],
        },
      ],
    },
  ],
});
