import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { VerificationJob, VerificationJobProps } from '../../modules/verification-job';
import { onlyBlock, synthConstruct } from '../support/construct-testing';

const PROPS: VerificationJobProps = {
  namespace: 'reports',
  serviceAccountName: 'reader',
  name: 'pod-identity-check',
  image: 'amazon/aws-cli:latest',
  timeoutSeconds: 120,
  command: ['aws', 's3', 'ls', 's3://reports/'],
};

function job(props: Partial<VerificationJobProps> = {}) {
  return synthConstruct((scope) => {
    new VerificationJob(scope, 'check', { ...PROPS, ...props });
  });
}

/** The Job's pod template spec. */
function podOf(props: Partial<VerificationJobProps> = {}) {
  const { body } = onlyBlock(job(props).json, 'resource', 'kubernetes_job_v1');
  return (body as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
}

describe('VerificationJob', () => {
  test('runs the command in one container named check, as the service account, without restarts', () => {
    const pod = podOf();
    expect(pod).toMatchObject({ service_account_name: 'reader', restart_policy: 'Never' });
    expect(pod.container).toEqual([
      expect.objectContaining({
        name: 'check',
        image: 'amazon/aws-cli:latest',
        command: ['aws', 's3', 'ls', 's3://reports/'],
      }),
    ]);
  });

  test('names the Job in its namespace', () => {
    expect(job().synthesized).toHaveResourceWithProperties(JobV1, {
      metadata: { name: 'pod-identity-check', namespace: 'reports' },
    });
  });

  test('waits for completion, for timeoutSeconds on create and on update', () => {
    expect(job({ timeoutSeconds: 300 }).synthesized).toHaveResourceWithProperties(JobV1, {
      wait_for_completion: true,
      timeouts: { create: '300s', update: '300s' },
    });
  });

  test('retries a failed check twice before the Job fails', () => {
    expect(job().synthesized).toHaveResourceWithProperties(JobV1, {
      spec: expect.objectContaining({ backoff_limit: 2 }),
    });
  });

  test('hardens the pod and its container', () => {
    const pod = podOf();
    const [container] = pod.container as Record<string, unknown>[];
    expect(pod.security_context).toEqual({ seccomp_profile: { type: 'RuntimeDefault' } });
    expect(container.security_context).toEqual({
      allow_privilege_escalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  test('bounds the container with the hardened requests and limits', () => {
    const [container] = podOf().container as Record<string, unknown>[];
    expect(container.resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
  });

  test('gives jobName as a reference to the name', () => {
    const { json, resolved } = synthConstruct(
      (scope) => new VerificationJob(scope, 'check', PROPS).jobName,
    );
    const { name } = onlyBlock(json, 'resource', 'kubernetes_job_v1');
    expect(resolved).toBe(`\${kubernetes_job_v1.${name}.metadata[0].name}`);
  });
});
