import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { Construct } from 'constructs';
import { DeploymentConfig } from '../config/schema/types';
import { containerSecurityContext, podSecurityContext } from './pod-security';

export interface WorkloadDeploymentProps {
  /** Namespace to deploy into (a reference to the namespace resource when it is created here). */
  readonly namespace: string;
  /** Service account the pods run as: the one associated with the role. */
  readonly serviceAccountName: string;
  /** Name, image, replicas, labels, resources and hardening. */
  readonly deployment: DeploymentConfig;
}

/**
 * The tutorial's `dvawscli` Deployment: pods running as the associated
 * service account, so that the Pod Identity agent hands them the role's
 * credentials. With `hardened: false` and no resources it is exactly the
 * pod spec of the tutorial's `example.yaml`.
 */
export class WorkloadDeployment extends Construct {
  public readonly deployment: DeploymentV1;

  constructor(scope: Construct, id: string, props: WorkloadDeploymentProps) {
    super(scope, id);
    const { deployment } = props;
    const labels = { ...deployment.labels };
    const podSecurity = podSecurityContext(deployment);
    const containerSecurity = containerSecurityContext(deployment);
    this.deployment = new DeploymentV1(this, 'deployment', {
      metadata: { name: deployment.name, namespace: props.namespace, labels },
      spec: {
        replicas: String(deployment.replicas),
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: props.serviceAccountName,
            ...(podSecurity !== undefined && { securityContext: podSecurity }),
            container: [
              {
                name: deployment.name,
                image: deployment.image,
                ...(deployment.command !== undefined && { command: [...deployment.command] }),
                ...(deployment.resources !== undefined && {
                  resources: {
                    requests: { ...deployment.resources.requests },
                    limits: { ...deployment.resources.limits },
                  },
                }),
                ...(containerSecurity !== undefined && { securityContext: containerSecurity }),
              },
            ],
          },
        },
      },
      waitForRollout: deployment.waitForRollout,
    });
  }
}
