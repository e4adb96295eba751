import { workspaceArns } from './parameters';
import { definePreset, PresetDocument } from './preset';

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
 */
export const amazonManagedPrometheus = definePreset({
  name: 'amazon-managed-prometheus',
  parameters: {
    workspaceArns: workspaceArns(
      'every workspace, through the AWS-managed AmazonPrometheusRemoteWriteAccess',
    ),
  },
  placement: { namespace: 'prometheus', serviceAccount: 'amp-iamproxy-ingest-service-account' },
  source: {
    controller: 'Prometheus remote write to Amazon Managed Service for Prometheus',
    release: 'AmazonPrometheusRemoteWriteAccess v1 (2020-12-19), as recorded on 2026-03-07',
    url: 'https://github.com/zoph-io/MAMIP/blob/0387244e53a3dbe038810ef3463489c2c6836f06/policies/AmazonPrometheusRemoteWriteAccess',
    compare:
      'aws iam get-policy --policy-arn arn:aws:iam::aws:policy/AmazonPrometheusRemoteWriteAccess (DefaultVersionId v1), and the ingest policy of the AMP user guide page set-up-irsa',
    deviations: [
      'With workspaceArns, aps:RemoteWrite on those workspaces only, instead of AmazonPrometheusRemoteWriteAccess on every workspace: AWS publishes no workspace-scoped policy; the aps:RemoteWrite action takes the workspace resource type.',
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
