import { PROMETHEUS_REMOTE_WRITE_POLICY, remoteWriteDocument } from './amazon-managed-prometheus';
import { workspaceArns } from './parameters';
import { definePreset } from './preset';

/**
 * The AWS Distro for OpenTelemetry EKS add-on (adot): the union of the
 * AWS-managed policies its docs list for the three preconfigured collectors:
 * AmazonPrometheusRemoteWriteAccess and CloudWatchAgentServerPolicy
 * (prometheusMetrics: remote write to AMP, and CloudWatch EMF),
 * AWSXrayWriteOnlyAccess (otlpIngest: traces to X-Ray) and
 * CloudWatchAgentServerPolicy (containerLogs). With `workspaceArns`,
 * `aps:RemoteWrite` on those workspaces replaces
 * AmazonPrometheusRemoteWriteAccess, as in the amazon-managed-prometheus
 * preset. The add-on itself needs no permission without these collectors.
 */
export const adot = definePreset({
  name: 'adot',
  parameters: {
    workspaceArns: workspaceArns(
      'every workspace, through the AWS-managed AmazonPrometheusRemoteWriteAccess',
    ),
  },
  placement: {
    namespace: 'opentelemetry-operator-system',
    serviceAccount: 'adot-col-prom-metrics',
  },
  addon: {
    name: 'adot',
    // The ADOT collector add-on's three collectors, each with its own service account.
    serviceAccounts: ['adot-col-prom-metrics', 'adot-col-otlp-ingest', 'adot-col-container-logs'],
  },
  source: {
    controller:
      'AWS Distro for OpenTelemetry (EKS add-on adot; Pod Identity from v0.94.1-eksbuild.1)',
    release: 'ADOT EKS add-on docs (aws-otel/aws-otel.github.io e256b2e4, 2026-07-22)',
    url: 'https://github.com/aws-otel/aws-otel.github.io/tree/e256b2e4c09a9516eeb9adc5c5739a14b0cb1249/src/docs/getting-started/adot-eks-add-on',
    compare:
      'git diff e256b2e4 <new> -- src/docs/getting-started/adot-eks-add-on/config-prometheus-metrics.mdx config-otlp-ingest.mdx config-container-logs.mdx (the policy table of each collector)',
    deviations: [
      'One role holds the policies of all three preconfigured collectors: the ADOT docs give each collector (adot-col-prom-metrics, adot-col-otlp-ingest, adot-col-container-logs) its own role with only its own policies.',
      'With workspaceArns, aps:RemoteWrite on those workspaces only, instead of AmazonPrometheusRemoteWriteAccess on every workspace (AWS publishes no workspace-scoped policy).',
    ],
  },
  managedPolicies: (preset) => [
    ...(preset.workspaceArns === undefined ? [PROMETHEUS_REMOTE_WRITE_POLICY] : []),
    'CloudWatchAgentServerPolicy',
    'AWSXrayWriteOnlyAccess',
  ],
  documents: (preset) =>
    preset.workspaceArns === undefined
      ? []
      : [
          remoteWriteDocument(
            preset.workspaceArns,
            'ADOT collector: remote write to its AMP workspaces',
          ),
        ],
});
