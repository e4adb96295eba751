import { ChartValues, definePreset } from './preset';

/**
 * The Amazon CloudWatch Observability EKS add-on
 * (amazon-cloudwatch-observability; its CloudWatch agent and Fluent Bit run
 * as `cloudwatch-agent`): the two AWS-managed policies the EKS user guide's
 * add-on page requires, CloudWatchAgentServerPolicy and
 * AWSXrayWriteOnlyAccess. CloudWatch's own Pod Identity quick start attaches
 * only CloudWatchAgentServerPolicy, whose current version (v3) already
 * holds the X-Ray write actions; the preset follows the EKS page, and the
 * two overlap.
 *
 * The same agent installs as the chart amazon-cloudwatch-observability
 * (release amazon-cloudwatch in amazon-cloudwatch, as its README does),
 * which needs the cluster's name and region.
 */
export const cloudwatchObservability = definePreset({
  name: 'cloudwatch-observability',
  parameters: {},
  placement: { namespace: 'amazon-cloudwatch', serviceAccounts: ['cloudwatch-agent'] },
  addon: { name: 'amazon-cloudwatch-observability' },
  chart: {
    repository: 'https://aws-observability.github.io/helm-charts',
    name: 'amazon-cloudwatch-observability',
    // The newest chart; its versions follow the add-on's (appVersion is always 1.0.0).
    version: '6.4.0',
    releaseName: 'amazon-cloudwatch',
    // The chart has no create or annotations key for the agent's service account.
    serviceAccount: { name: 'agent.serviceAccount.name' },
    // agent.serviceAccount.name (null) defaults to cloudwatch-agent.name, "cloudwatch-agent"
    // (_helpers.tpl#L528-L534): the release name plays no part.
    naming: {
      kind: 'fixed',
      name: 'cloudwatch-agent',
      url: 'https://github.com/aws-observability/helm-charts/blob/amazon-cloudwatch-observability-6.4.0/charts/amazon-cloudwatch-observability/templates/_helpers.tpl#L313-L315',
    },
    namespaceSource:
      'https://github.com/aws-observability/helm-charts/blob/amazon-cloudwatch-observability-6.4.0/charts/amazon-cloudwatch-observability/README.md#L14-L18',
  },
  // Both required by the chart (values.yaml#L9-L20); neither is in the managed policies.
  values: (_preset, context): ChartValues => ({
    values: { clusterName: context.cluster, region: context.region },
  }),
  source: {
    controller:
      'Amazon CloudWatch Observability (EKS add-on amazon-cloudwatch-observability; Pod Identity from v3.1.0-eksbuild.1)',
    release:
      'EKS user guide, workloads-add-ons-available-eks (awsdocs/amazon-eks-user-guide 027430e0)',
    url: 'https://github.com/awsdocs/amazon-eks-user-guide/blob/027430e09023d12ec3beccce4c646a11a270a5cb/latest/ug/workloads/workloads-add-ons-available-eks.adoc',
    compare:
      'the "Required IAM permissions" of the Amazon CloudWatch Observability agent on the EKS user guide page "AWS add-ons", and the recommendedManagedPolicies that `aws eks describe-addon-configuration --addon-name amazon-cloudwatch-observability --addon-version <version>` returns',
    deviations: [],
    limits: [],
  },
  managedPolicies: () => ['CloudWatchAgentServerPolicy', 'AWSXrayWriteOnlyAccess'],
  documents: () => [],
});
