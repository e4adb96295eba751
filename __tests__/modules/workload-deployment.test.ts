import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { WorkloadDeployment, WorkloadDeploymentProps } from '../../modules/workload-deployment';
import { onlyBlock, synthConstruct } from '../support/construct-testing';

const PROPS: WorkloadDeploymentProps = {
  name: 'dvawscli',
  image: 'amazon/aws-cli:latest',
  replicas: 1,
  labels: { app: 'dvawscli' },
  namespace: 'reports',
  serviceAccountName: 'reader',
};

function deployment(props: Partial<WorkloadDeploymentProps> = {}) {
  return synthConstruct((scope) => {
    new WorkloadDeployment(scope, 'app', { ...PROPS, ...props });
  });
}

/** The pod template's spec and its one container. */
function podOf(props: Partial<WorkloadDeploymentProps>) {
  const { body } = onlyBlock(deployment(props).json, 'resource', 'kubernetes_deployment_v1');
  const pod = (body as { spec: { template: { spec: Record<string, unknown> } } }).spec.template
    .spec;
  const [container] = pod.container as Record<string, unknown>[];
  return { pod, container };
}

describe('WorkloadDeployment', () => {
  test("writes the tutorial's pod spec when not hardened: no security contexts, resources or command", () => {
    expect(onlyBlock(deployment().json, 'resource', 'kubernetes_deployment_v1').body).toEqual({
      metadata: { name: 'dvawscli', namespace: 'reports', labels: { app: 'dvawscli' } },
      spec: {
        replicas: '1',
        selector: { match_labels: { app: 'dvawscli' } },
        template: {
          metadata: { labels: { app: 'dvawscli' } },
          spec: {
            service_account_name: 'reader',
            container: [{ name: 'dvawscli', image: 'amazon/aws-cli:latest' }],
          },
        },
      },
      wait_for_rollout: true,
    });
  });

  test('hardens the pod with RuntimeDefault seccomp and the container with no escalation and no capabilities', () => {
    const { pod, container } = podOf({ hardened: true });
    expect(pod.security_context).toEqual({ seccomp_profile: { type: 'RuntimeDefault' } });
    expect(container.security_context).toEqual({
      allow_privilege_escalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  test('refuses root images on request without hardening the container', () => {
    const { pod, container } = podOf({ runAsNonRoot: true });
    expect(pod.security_context).toEqual({ run_as_non_root: true });
    expect(container).not.toHaveProperty('security_context');
  });

  test("writes the container's requests and limits", () => {
    const resources = {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    };
    expect(podOf({ resources }).container.resources).toEqual(resources);
  });

  test("overrides the image's entrypoint with the command given", () => {
    const command = ['sleep', 'infinity'];
    expect(podOf({ command }).container.command).toEqual(['sleep', 'infinity']);
  });

  test('puts the labels on the Deployment, its selector and its pod template', () => {
    const labels = { app: 'dvawscli', team: 'reports' };
    expect(deployment({ labels }).synthesized).toHaveResourceWithProperties(DeploymentV1, {
      metadata: expect.objectContaining({ labels }),
      spec: expect.objectContaining({
        selector: { match_labels: labels },
        template: expect.objectContaining({ metadata: { labels } }),
      }),
    });
  });

  test('waits for the rollout unless told not to', () => {
    expect(deployment().synthesized).toHaveResourceWithProperties(DeploymentV1, {
      wait_for_rollout: true,
    });
    expect(deployment({ waitForRollout: false }).synthesized).toHaveResourceWithProperties(
      DeploymentV1,
      { wait_for_rollout: false },
    );
  });

  test('writes replicas as a string, as the provider takes it', () => {
    expect(deployment({ replicas: 3 }).synthesized).toHaveResourceWithProperties(DeploymentV1, {
      spec: expect.objectContaining({ replicas: '3' }),
    });
  });

  test('gives deploymentName as a reference to the name', () => {
    const { json, resolved } = synthConstruct(
      (scope) => new WorkloadDeployment(scope, 'app', PROPS).deploymentName,
    );
    const { name } = onlyBlock(json, 'resource', 'kubernetes_deployment_v1');
    expect(resolved).toBe(`\${kubernetes_deployment_v1.${name}.metadata[0].name}`);
  });
});
