import { KubernetesNamespace } from '../../modules/kubernetes-namespace';
import { PodIdentityWorkload, PodIdentityWorkloadProps } from '../../modules/pod-identity-workload';
import { blocksOfType, onlyBlock, StackJson, synthConstruct } from '../support/construct-testing';

const BASE: PodIdentityWorkloadProps = { namespaceName: 'reports', serviceAccountName: 'reader' };
const DEPLOYMENT = {
  name: 'dvawscli',
  image: 'amazon/aws-cli:latest',
  replicas: 1,
  labels: { app: 'dvawscli' },
};
const JOB = { name: 'pod-identity-check', image: 'amazon/aws-cli:latest', timeoutSeconds: 300 };

function workload(props: Partial<PodIdentityWorkloadProps>) {
  return synthConstruct(
    (scope) => new PodIdentityWorkload(scope, 'workload', { ...BASE, ...props }).checkCommand,
  );
}

/** Block counts of the three Kubernetes kinds a workload may create. */
function kinds(json: StackJson) {
  const count = (type: string) => Object.keys(blocksOfType(json, 'resource', type)).length;
  return {
    serviceAccounts: count('kubernetes_service_account_v1'),
    deployments: count('kubernetes_deployment_v1'),
    jobs: count('kubernetes_job_v1'),
  };
}

describe('PodIdentityWorkload', () => {
  test('creates only the service account, with no check command, when given neither deployment nor job', () => {
    const { json, resolved } = workload({});
    expect(kinds(json)).toEqual({ serviceAccounts: 1, deployments: 0, jobs: 0 });
    expect(onlyBlock(json, 'resource', 'kubernetes_service_account_v1').body).toEqual({
      metadata: { name: 'reader', namespace: 'reports' },
    });
    expect(resolved).toBeUndefined();
  });

  test('runs the deployment as the service account and checks the pod with kubectl exec', () => {
    // GIVEN a deployment and the bucket its pods may list
    const { json, resolved } = workload({ deployment: DEPLOYMENT, s3Url: 's3://reports/' });
    // THEN its pods run as the service account, by reference, and the check lists the bucket
    const { name } = onlyBlock(json, 'resource', 'kubernetes_service_account_v1');
    const { body } = onlyBlock(json, 'resource', 'kubernetes_deployment_v1');
    expect(body).toMatchObject({
      spec: {
        template: {
          spec: {
            service_account_name: `\${kubernetes_service_account_v1.${name}.metadata[0].name}`,
          },
        },
      },
    });
    expect(resolved).toBe('kubectl exec -n reports deploy/dvawscli -- aws s3 ls s3://reports/');
  });

  test("lists the account's buckets when no S3 URL is given", () => {
    expect(workload({ deployment: DEPLOYMENT }).resolved).toBe(
      'kubectl exec -n reports deploy/dvawscli -- aws s3 ls',
    );
  });

  test("with a job only, runs aws s3 ls in the job and checks through the job's logs", () => {
    const { json, resolved } = workload({ verificationJob: JOB, s3Url: 's3://reports/' });
    expect(kinds(json)).toEqual({
      serviceAccounts: 1,
      deployments: 0,
      jobs: 1,
    });
    const { body } = onlyBlock(json, 'resource', 'kubernetes_job_v1');
    expect(body).toMatchObject({
      metadata: { name: 'pod-identity-check', namespace: 'reports' },
      spec: {
        template: { spec: { container: [{ command: ['aws', 's3', 'ls', 's3://reports/'] }] } },
      },
    });
    expect(resolved).toBe('kubectl logs -n reports job/pod-identity-check');
  });

  test('with both a deployment and a job, checks through the deployment', () => {
    const { json, resolved } = workload({ deployment: DEPLOYMENT, verificationJob: JOB });
    expect(kinds(json)).toEqual({
      serviceAccounts: 1,
      deployments: 1,
      jobs: 1,
    });
    expect(resolved).toBe('kubectl exec -n reports deploy/dvawscli -- aws s3 ls');
  });

  test('refers to the namespace resource when one is passed, so that it is created first', () => {
    const { json, resolved } = synthConstruct((scope) => {
      const namespace = new KubernetesNamespace(scope, 'reports', { name: 'reports' });
      return new PodIdentityWorkload(scope, 'workload', {
        ...BASE,
        namespace,
        deployment: DEPLOYMENT,
        verificationJob: JOB,
      }).checkCommand;
    });
    const reference = '${kubernetes_namespace_v1.reports.metadata[0].name}';
    for (const type of [
      'kubernetes_service_account_v1',
      'kubernetes_deployment_v1',
      'kubernetes_job_v1',
    ]) {
      expect(onlyBlock(json, 'resource', type).body.metadata).toMatchObject({
        namespace: reference,
      });
    }
    // The command is for a person to type: it names the namespace, not the reference.
    expect(resolved).toBe('kubectl exec -n reports deploy/dvawscli -- aws s3 ls');
  });
});
