import { hostedZoneArns } from './parameters';
import { definePreset } from './preset';

/**
 * ExternalDNS with its AWS (Route 53) provider: the policy of
 * docs/tutorials/aws.md ("IAM Policy") at v0.22.0. Record changes, record
 * listing and tag listing are scoped to `hostedZoneArns` (by default every
 * hosted zone, as published: the tutorial's "Further improvements" suggests
 * listing the zones instead); `route53:ListHostedZones` has no resource type
 * and stays on `*`. The optional DynamoDB registry statement is left out.
 */
export const externalDns = definePreset({
  name: 'external-dns',
  parameters: {
    hostedZoneArns: hostedZoneArns('every hosted zone of the account, as external-dns documents'),
  },
  placement: { namespace: 'external-dns', serviceAccount: 'external-dns' },
  source: {
    controller: 'kubernetes-sigs/external-dns (AWS provider)',
    release: 'v0.22.0',
    url: 'https://github.com/kubernetes-sigs/external-dns/blob/v0.22.0/docs/tutorials/aws.md',
    compare:
      'git diff v0.22.0 <new> -- docs/tutorials/aws.md docs/registry/dynamodb.md (the first json block after "## IAM Policy")',
    deviations: [],
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
