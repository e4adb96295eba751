import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Association, Cluster, Identity, Model } from '../model/model';
import { EksKubernetesProvider } from '../modules/eks-kubernetes-provider';
import { withEphemeralHcl } from '../modules/ephemeral-eks-cluster-auth';
import { KubernetesNamespace } from '../modules/kubernetes-namespace';
import { PodIdentityWorkload } from '../modules/pod-identity-workload';
import { configureBackend } from '../modules/stack-backend';
import { s3CheckUrl } from '../policy/s3-access';
import { IRSA_ROLE_ANNOTATION, irsaRoleArn } from '../policy/trust-policy';

export interface PodIdentityWorkloadStackProps {
  /** The checked configuration. */
  readonly model: Model;
  /** The cluster whose namespaces, service accounts and workloads this stack holds. */
  readonly cluster: Cluster;
}

/**
 * The Kubernetes objects of one cluster, with the hashicorp/kubernetes
 * provider: namespaces, the associated service accounts, and the workloads
 * that run as them. Deployed after the AWS stack, so that the associations
 * exist when the pods are admitted (that is when Pod Identity injects them).
 *
 * Construct IDs are Terraform addresses: a namespace is `namespace_<name>`,
 * an association's objects `<namespace>_<service account>`.
 */
export class PodIdentityWorkloadStack extends TerraformStack {
  /** The workloads, by `namespace/serviceAccount`. */
  public readonly workloads: ReadonlyMap<string, PodIdentityWorkload>;
  private readonly namespaces = new Map<string, KubernetesNamespace>();
  private readonly partition: string;

  constructor(scope: Construct, id: string, props: PodIdentityWorkloadStackProps) {
    super(scope, id);
    const { model, cluster } = props;
    this.partition = model.partition;
    // Only for the cluster lookup and its token: no AWS resources here.
    new AwsProvider(this, 'aws', { region: model.region });
    new EksKubernetesProvider(this, 'cluster', {
      clusterName: cluster.name,
      region: model.region,
      auth: cluster.kubernetesAuth,
    });
    configureBackend(this, model.backend);

    this.workloads = new Map(
      model.identities.flatMap((identity) =>
        identity.associations
          .filter((a) => a.cluster === cluster.name && a.kubernetes !== undefined)
          .map((association) => this.workload(identity, association)),
      ),
    );
    const checks = [...this.workloads].flatMap(([key, w]) =>
      w.checkCommand === undefined ? [] : [[key, w.checkCommand] as const],
    );
    new TerraformOutput(this, 'pod_access_checks', {
      description: "Commands that show each workload's AWS access, by namespace/service account",
      value: Object.fromEntries(checks),
    });
  }

  /** The association's service account, and what runs as it. */
  private workload(identity: Identity, association: Association): [string, PodIdentityWorkload] {
    const { namespace: namespaceName, serviceAccount, kubernetes } = association;
    const objects = kubernetes ?? {
      createNamespace: false,
      deployment: undefined,
      verificationJob: undefined,
    };
    const key = `${namespaceName}/${serviceAccount}`;
    const workload = new PodIdentityWorkload(this, key.replace(/\//g, '_'), {
      namespaceName,
      namespace: objects.createNamespace ? this.namespace(namespaceName) : undefined,
      serviceAccountName: serviceAccount,
      serviceAccountAnnotations: this.irsaAnnotations(identity, association),
      deployment: objects.deployment,
      verificationJob: objects.verificationJob,
      s3Url: s3CheckUrl(identity, namespaceName),
    });
    return [key, workload];
  }

  /** IRSA's annotation, kept while the identity migrates from IRSA. */
  private irsaAnnotations(
    identity: Identity,
    association: Association,
  ): Record<string, string> | undefined {
    if (!(identity.irsa ?? []).some((trust) => trust.cluster === association.cluster)) {
      return undefined;
    }
    const arn = irsaRoleArn(identity, this.partition);
    return arn === undefined ? undefined : { [IRSA_ROLE_ANNOTATION]: arn };
  }

  /** The namespace, created once for every association in it. */
  private namespace(name: string): KubernetesNamespace {
    const known = this.namespaces.get(name);
    if (known !== undefined) return known;
    const created = new KubernetesNamespace(this, `namespace_${name}`, { name });
    this.namespaces.set(name, created);
    return created;
  }

  /** For `cdktf synth --hcl`: cdktf's renderer leaves out the ephemeral token block. */
  public toHclTerraform(): ReturnType<TerraformStack['toHclTerraform']> {
    const rendered = super.toHclTerraform();
    return { ...rendered, hcl: withEphemeralHcl(this, rendered.hcl) };
  }
}
