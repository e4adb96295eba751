import { definePreset } from './preset';

/**
 * The Amazon CloudWatch Observability EKS add-on
 * (amazon-cloudwatch-observability; its CloudWatch agent and Fluent Bit run
 * as `cloudwatch-agent`): the two AWS-managed policies the EKS user guide's
 * add-on page requires, CloudWatchAgentServerPolicy and
 * AWSXrayWriteOnlyAccess. CloudWatch's own Pod Identity quick start attaches
 * only CloudWatchAgentServerPolicy, whose current version (v3) already
 * holds the X-Ray write actions; the preset follows the EKS page, and the
 * two overlap.
 */
export const cloudwatchObservability = definePreset({
  name: 'cloudwatch-observability',
  parameters: {},
  placement: { namespace: 'amazon-cloudwatch', serviceAccount: 'cloudwatch-agent' },
  addon: { name: 'amazon-cloudwatch-observability' },
  source: {
    controller:
      'Amazon CloudWatch Observability (EKS add-on amazon-cloudwatch-observability; Pod Identity from v3.1.0-eksbuild.1)',
    release:
      'EKS user guide, workloads-add-ons-available-eks (awsdocs/amazon-eks-user-guide 027430e0)',
    url: 'https://github.com/awsdocs/amazon-eks-user-guide/blob/027430e09023d12ec3beccce4c646a11a270a5cb/latest/ug/workloads/workloads-add-ons-available-eks.adoc',
    compare:
      'the "Required IAM permissions" of the Amazon CloudWatch Observability agent on the EKS user guide page "AWS add-ons", and the recommendedManagedPolicies that `aws eks describe-addon-configuration --addon-name amazon-cloudwatch-observability --addon-version <version>` returns',
    deviations: [],
  },
  managedPolicies: () => ['CloudWatchAgentServerPolicy', 'AWSXrayWriteOnlyAccess'],
  documents: () => [],
});
