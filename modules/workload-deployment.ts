import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { Construct } from 'constructs';
import { containerSecurityContext, podSecurityContext } from './pod-security';

/** A container's requests and limits, as Kubernetes quantities by resource name. */
export interface ContainerResourcesProps {
  readonly requests: Readonly<Record<string, string>>;
  readonly limits: Readonly<Record<string, string>>;
}

/** What the Deployment runs. */
export interface WorkloadDeploymentSettings {
  /** Name of the Deployment and of its one container. */
  readonly name: string;
  readonly image: string;
  readonly replicas: number;
  /**
   * Overrides the image's entrypoint.
   * @default - the image's entrypoint
   */
  readonly command?: readonly string[];
  /** Labels of the Deployment, its selector and its pod template. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * @default - none
   */
  readonly resources?: ContainerResourcesProps;
  /**
   * Whether Terraform waits for the rollout.
   * @default true
   */
  readonly waitForRollout?: boolean;
  /**
   * No privilege escalation, all capabilities dropped, the RuntimeDefault seccomp profile.
   * @default false
   */
  readonly hardened?: boolean;
  /**
   * Refuse to start containers whose image runs as root.
   * @default false
   */
  readonly runAsNonRoot?: boolean;
}

export interface WorkloadDeploymentProps extends WorkloadDeploymentSettings {
  /** Namespace to deploy into (a reference to the namespace resource when it is created here). */
  readonly namespace: string;
  /** Service account the pods run as: the one associated with the role. */
  readonly serviceAccountName: string;
}

/**
 * The tutorial's `dvawscli` Deployment: pods running as the associated
 * service account, so that the Pod Identity agent hands them the role's
 * credentials. Not hardened and with no resources, it is exactly the pod
 * spec of the tutorial's `example.yaml`.
 */
export class WorkloadDeployment extends Construct {
  public readonly deploymentName: string;

  constructor(scope: Construct, id: string, props: WorkloadDeploymentProps) {
    super(scope, id);
    const labels = { ...props.labels };
    const security = {
      hardened: props.hardened ?? false,
      runAsNonRoot: props.runAsNonRoot ?? false,
    };
    const podSecurity = podSecurityContext(security);
    const containerSecurity = containerSecurityContext(security);
    const deployment = new DeploymentV1(this, 'deployment', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        replicas: String(props.replicas),
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: props.serviceAccountName,
            ...(podSecurity !== undefined && { securityContext: podSecurity }),
            container: [
              {
                name: props.name,
                image: props.image,
                ...(props.command !== undefined && { command: [...props.command] }),
                ...(props.resources !== undefined && {
                  resources: {
                    requests: { ...props.resources.requests },
                    limits: { ...props.resources.limits },
                  },
                }),
                ...(containerSecurity !== undefined && { securityContext: containerSecurity }),
              },
            ],
          },
        },
      },
      waitForRollout: props.waitForRollout ?? true,
    });
    this.deploymentName = deployment.metadata.name;
  }
}
