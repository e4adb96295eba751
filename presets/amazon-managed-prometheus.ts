import { dnsSuffixOf } from '../core/partition';
import { workspaceArns } from './parameters';
import { ChartValues, definePreset, PresetDocument } from './preset';

/** AWS's managed policy for writing to every Amazon Managed Prometheus workspace. */
export const PROMETHEUS_REMOTE_WRITE_POLICY = 'AmazonPrometheusRemoteWriteAccess';

/**
 * The workspace-scoped form of AmazonPrometheusRemoteWriteAccess: its one
 * action, `aps:RemoteWrite`, on the workspaces given (the `workspace`
 * resource type of the action) instead of `*`.
 */
export function remoteWriteDocument(
  workspaces: readonly string[],
  description: string,
): PresetDocument {
  return {
    id: 'remote-write',
    description,
    statements: [
      {
        sid: 'RemoteWriteToWorkspaces',
        effect: 'Allow',
        actions: ['aps:RemoteWrite'],
        resources: workspaces,
      },
    ],
  };
}

/** The remote write endpoint of a workspace, from its ARN (arn:<p>:aps:<region>:<account>:workspace/<id>). */
function remoteWriteUrl(workspaceArn: string): { url: string; region: string } {
  const region = workspaceArn.split(':')[3];
  const id = workspaceArn.slice(workspaceArn.lastIndexOf('/') + 1);
  return {
    url: `https://aps-workspaces.${region}.${dnsSuffixOf(region)}/workspaces/${id}/api/v1/remote_write`,
    region,
  };
}

/**
 * Prometheus remote write to Amazon Managed Service for Prometheus (AMP):
 * AWS's managed AmazonPrometheusRemoteWriteAccess (v1, `aps:RemoteWrite` on
 * `*`) without `workspaceArns`; with them, a document allowing
 * `aps:RemoteWrite` on those workspaces only, in its place.
 *
 * The source is the managed policy as MAMIP recorded it (a third-party
 * daily copy of AWS's managed policies, pinned to a commit), since AWS's own
 * reference page has no versioned address. The AMP user guide's ingest
 * policy (set-up-irsa, AMPIngestPolicy) also grants aps:GetSeries,
 * aps:GetLabels and aps:GetMetricMetadata, which remote write does not
 * use; the preset follows the managed write-only policy.
 *
 * The chart is the prometheus-community `prometheus` chart as the AMP user
 * guide installs it (release prometheus-for-amp in namespace prometheus,
 * with its service account named amp-iamproxy-ingest-service-account); with
 * `workspaceArns` the values point remote write at the first workspace.
 */
export const amazonManagedPrometheus = definePreset({
  name: 'amazon-managed-prometheus',
  parameters: {
    workspaceArns: workspaceArns(
      'every workspace, through the AWS-managed AmazonPrometheusRemoteWriteAccess',
    ),
  },
  placement: { namespace: 'prometheus', serviceAccounts: ['amp-iamproxy-ingest-service-account'] },
  chart: {
    repository: 'https://prometheus-community.github.io/helm-charts',
    name: 'prometheus',
    // The newest chart (appVersion v3.14.0): the preset pins a managed policy, not a Prometheus release.
    version: '29.27.0',
    releaseName: 'prometheus-for-amp',
    serviceAccount: {
      name: 'serviceAccounts.server.name',
      create: 'serviceAccounts.server.create',
      annotations: 'serviceAccounts.server.annotations',
    },
    // default(server fullname, serviceAccounts.server.name); the server fullname
    // (_helpers.tpl#L110-L121) is <fullname>-server, fullname being Helm's convention.
    naming: {
      kind: 'fullname',
      suffix: '-server',
      url: 'https://github.com/prometheus-community/helm-charts/blob/prometheus-29.27.0/charts/prometheus/templates/_helpers.tpl#L140-L146',
    },
    namesItsOwn:
      "AWS's AMP user guide (AMP-onboard-ingest-metrics-existing-Prometheus, unversioned) installs release prometheus-for-amp with serviceAccounts.server.name: amp-iamproxy-ingest-service-account, which the values set; the chart's default would be prometheus-for-amp-server.",
    // The AMP user guide has no versioned source: the EKS user guide installs the chart into the same namespace.
    namespaceSource:
      'https://github.com/awsdocs/amazon-eks-user-guide/blob/4d52b4d05e3478582e7d10a73cbd9ba9194dd5f7/latest/ug/observability/deploy-prometheus.adoc#L17-L36',
  },
  values: (preset): ChartValues => {
    const [first, ...others] = preset.workspaceArns ?? [];
    if (first === undefined) {
      return {
        values: {},
        notes: [
          "Set server.remoteWrite to your workspace's remote write URL (https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/api/v1/remote_write) with sigv4.region: the role may write to every workspace.",
        ],
      };
    }
    const { url, region } = remoteWriteUrl(first);
    return {
      values: { server: { remoteWrite: [{ url, sigv4: { region } }] } },
      notes:
        others.length === 0
          ? []
          : [
              `Remote write goes to the first of workspaceArns; the role may also write to ${others.join(', ')}: add a server.remoteWrite entry for each that should get the metrics.`,
            ],
    };
  },
  source: {
    controller: 'Prometheus remote write to Amazon Managed Service for Prometheus',
    release: 'AmazonPrometheusRemoteWriteAccess v1 (2020-12-19), as recorded on 2026-03-07',
    url: 'https://github.com/zoph-io/MAMIP/blob/0387244e53a3dbe038810ef3463489c2c6836f06/policies/AmazonPrometheusRemoteWriteAccess',
    compare:
      'aws iam get-policy --policy-arn arn:aws:iam::aws:policy/AmazonPrometheusRemoteWriteAccess (DefaultVersionId v1), and the ingest policy of the AMP user guide page set-up-irsa',
    deviations: [
      {
        change: 'scopes',
        actions: ['aps:RemoteWrite'],
        when: 'with workspaceArns',
        why: 'On those workspaces only, in place of AmazonPrometheusRemoteWriteAccess on every workspace: AWS publishes no workspace-scoped policy; aps:RemoteWrite takes the workspace resource type.',
      },
    ],
    limits: [
      'Reading from a workspace (server.remoteRead, or queries) needs aps:QueryMetrics (and aps:GetSeries, GetLabels, GetMetricMetadata for the metadata APIs), which the role does not grant: add them with statements.',
    ],
  },
  managedPolicies: (preset) =>
    preset.workspaceArns === undefined ? [PROMETHEUS_REMOTE_WRITE_POLICY] : [],
  documents: (preset) =>
    preset.workspaceArns === undefined
      ? []
      : [
          remoteWriteDocument(
            preset.workspaceArns,
            'Amazon Managed Prometheus: remote write to its workspaces',
          ),
        ],
});
