import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterConfig, PodIdentityConfig } from '../config/schema/types';
import { EksKubernetesProvider } from '../modules/eks-kubernetes-provider';
import { withEphemeralHcl } from '../modules/ephemeral-eks-cluster-auth';
import { s3CheckUrl } from '../policy/s3-access';
import { PodIdentityWorkload } from '../modules/pod-identity-workload';
import { configureBackend } from '../modules/stack-backend';

export interface PodIdentityWorkloadStackProps {
  /** The checked configuration. */
  readonly config: PodIdentityConfig;
  /** The cluster whose namespaces, service accounts and workloads this stack holds. */
  readonly cluster: ClusterConfig;
}

/**
 * The Kubernetes objects of one cluster, with the hashicorp/kubernetes
 * provider: namespaces, the associated service accounts, and the workloads
 * that run as them. Deployed after the AWS stack, so that the associations
 * exist when the pods are admitted (that is when Pod Identity injects them).
 */
export class PodIdentityWorkloadStack extends TerraformStack {
  /** The workloads, by `namespace/serviceAccount`. */
  public readonly workloads: ReadonlyMap<string, PodIdentityWorkload>;

  constructor(scope: Construct, id: string, props: PodIdentityWorkloadStackProps) {
    super(scope, id);
    const { config, cluster } = props;
    // Only for the cluster lookup and its token: no AWS resources here.
    new AwsProvider(this, 'aws', { region: config.region });
    new EksKubernetesProvider(this, 'cluster', { cluster, region: config.region });
    configureBackend(this, config.backend);

    const namespaces = new Map<string, NamespaceV1>();
    const workloads = new Map<string, PodIdentityWorkload>();
    for (const identity of config.identities) {
      for (const association of identity.associations) {
        const objects = association.kubernetes;
        if (association.cluster !== cluster.name || objects === undefined) continue;
        const namespaceName = association.namespace;
        if (objects.createNamespace && !namespaces.has(namespaceName)) {
          namespaces.set(
            namespaceName,
            new NamespaceV1(this, `namespace_${namespaceName}`, {
              metadata: { name: namespaceName },
            }),
          );
        }
        const key = `${namespaceName}/${association.serviceAccount}`;
        workloads.set(
          key,
          new PodIdentityWorkload(this, key.replace(/\//g, '_'), {
            namespaceName,
            namespace: namespaces.get(namespaceName),
            serviceAccountName: association.serviceAccount,
            objects,
            s3Url: s3CheckUrl(identity, namespaceName),
          }),
        );
      }
    }
    this.workloads = workloads;

    const checks = [...workloads].flatMap(([key, w]) =>
      w.checkCommand === undefined ? [] : [[key, w.checkCommand] as const],
    );
    new TerraformOutput(this, 'pod_access_checks', {
      description: "Commands that show each workload's AWS access, by namespace/service account",
      value: Object.fromEntries(checks),
    });
  }

  /** For `cdktf synth --hcl`: cdktf's renderer leaves out the ephemeral token block. */
  public toHclTerraform(): ReturnType<TerraformStack['toHclTerraform']> {
    const rendered = super.toHclTerraform();
    return { ...rendered, hcl: withEphemeralHcl(this, rendered.hcl) };
  }
}
