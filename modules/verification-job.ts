import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { Construct } from 'constructs';
import { HARDENED_RESOURCES } from '../model/kubernetes';
import { containerSecurityContext, podSecurityContext } from './pod-security';

export interface VerificationJobProps {
  /** Namespace of the service account. */
  readonly namespace: string;
  /** The associated service account, whose credentials are checked. */
  readonly serviceAccountName: string;
  /** The Job's name, unique in its namespace. */
  readonly name: string;
  /** An image with the AWS CLI. */
  readonly image: string;
  /** Seconds Terraform waits for the Job to complete. */
  readonly timeoutSeconds: number;
  /** The command that proves access, e.g. `aws s3 ls s3://bucket/`. */
  readonly command: readonly string[];
}

/**
 * A Job that runs the tutorial's manual check (`aws s3 ls s3://<bucket>/`) as
 * the service account. Terraform waits for it to complete, so a deploy on a
 * real cluster fails when the pod does not get the role's access. It lives in
 * the workload stack, which depends on the AWS stack: the association exists
 * before the Job's pod is admitted.
 */
export class VerificationJob extends Construct {
  public readonly jobName: string;

  constructor(scope: Construct, id: string, props: VerificationJobProps) {
    super(scope, id);
    const security = { hardened: true, runAsNonRoot: false };
    const job = new JobV1(this, 'job', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        backoffLimit: 2,
        template: {
          metadata: {},
          spec: {
            serviceAccountName: props.serviceAccountName,
            restartPolicy: 'Never',
            securityContext: podSecurityContext(security),
            container: [
              {
                name: 'check',
                image: props.image,
                command: [...props.command],
                resources: {
                  requests: { ...HARDENED_RESOURCES.requests },
                  limits: { ...HARDENED_RESOURCES.limits },
                },
                securityContext: containerSecurityContext(security),
              },
            ],
          },
        },
      },
      waitForCompletion: true,
      timeouts: {
        create: `${props.timeoutSeconds}s`,
        update: `${props.timeoutSeconds}s`,
      },
    });
    this.jobName = job.metadata.name;
  }
}
