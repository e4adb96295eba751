import { PROMETHEUS_REMOTE_WRITE_POLICY, remoteWriteDocument } from './amazon-managed-prometheus';
import { workspaceArns } from './parameters';
import { definePreset } from './preset';

/**
 * The AWS Distro for OpenTelemetry EKS add-on (adot): the union of the
 * AWS-managed policies its docs list for the three preconfigured collectors:
 * AmazonPrometheusRemoteWriteAccess and CloudWatchAgentServerPolicy
 * (prometheusMetrics: remote write to AMP, and CloudWatch EMF),
 * AWSXrayWriteOnlyAccess (otlpIngest: traces to X-Ray) and
 * CloudWatchAgentServerPolicy (containerLogs), one role associated with the
 * three collectors' service accounts. With `workspaceArns`,
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
    serviceAccounts: ['adot-col-prom-metrics', 'adot-col-otlp-ingest', 'adot-col-container-logs'],
  },
  addon: { name: 'adot' },
  chart: {
    none: 'The EKS add-on adot installs the collectors (aws eks create-addon --addon-name adot); its configuration values (collector.prometheusMetrics, otlpIngest, containerLogs and their pipelines), not a Helm chart, choose what they send where, so the AMP endpoint must name a workspace of workspaceArns.',
  },
  source: {
    controller:
      'AWS Distro for OpenTelemetry (EKS add-on adot; Pod Identity from v0.94.1-eksbuild.1)',
    release: 'ADOT EKS add-on docs (aws-otel/aws-otel.github.io e256b2e4, 2026-07-22)',
    url: 'https://github.com/aws-otel/aws-otel.github.io/tree/e256b2e4c09a9516eeb9adc5c5739a14b0cb1249/src/docs/getting-started/adot-eks-add-on',
    compare:
      'git diff e256b2e4 <new> -- src/docs/getting-started/adot-eks-add-on/config-prometheus-metrics.mdx config-otlp-ingest.mdx config-container-logs.mdx (the policy table of each collector)',
    deviations: [
      {
        change: 'scopes',
        actions: ['aps:RemoteWrite'],
        when: 'with workspaceArns',
        why: 'On those workspaces only, in place of AmazonPrometheusRemoteWriteAccess on every workspace: AWS publishes no workspace-scoped policy; aps:RemoteWrite takes the workspace resource type.',
      },
    ],
    limits: [
      'One role serves all three collectors, each with the policies of the others (the docs give each its own role with only its own policies): for a role per collector, map the add-on\'s serviceAccounts to identities ({ "adot-col-prom-metrics": ..., "adot-col-otlp-ingest": ..., "adot-col-container-logs": ... }), each with its managed policies.',
      "Pipelines beyond the three preconfigured collectors' (other exporters in the add-on's configuration) get only these policies: add what their exporters call with statements.",
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
