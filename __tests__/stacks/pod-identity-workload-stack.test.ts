import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Testing } from 'cdktf';
import { association, identity } from '../support/config-files';
import { annotatedServiceAccounts, blocksOf, configOf, parse, synthApp } from '../support/synth';

describe('PodIdentityWorkloadStack with no configuration (the tutorial)', () => {
  const { workloads, stacks } = synthApp(configOf());
  const [workload] = workloads;

  test('is one stack, for cluster example, deployed after the AWS stack', () => {
    expect(workloads).toHaveLength(1);
    expect(stacks.workloads[0].node.id).toBe('pod-identity-default-workload-example');
    expect(stacks.workloads[0].dependencies).toEqual([stacks.aws]);
  });

  test('creates the namespace example', () => {
    expect(blocksOf(workload, 'kubernetes_namespace_v1')).toEqual([
      { metadata: { name: 'example' } },
    ]);
  });

  test('creates the service account in it, without the IRSA role annotation', () => {
    const [namespace] = Object.keys(parse(workload).resource?.kubernetes_namespace_v1 ?? {});
    expect(blocksOf(workload, 'kubernetes_service_account_v1')).toEqual([
      {
        metadata: {
          name: 'exampleserviceaccount',
          namespace: `\${kubernetes_namespace_v1.${namespace}.metadata[0].name}`,
        },
      },
    ]);
    expect(annotatedServiceAccounts(workload)).toEqual([]);
  });

  test('the annotation check finds an IRSA role annotation where there is one', () => {
    // GIVEN a service account as IRSA would need it
    const irsa = Testing.synthScope((scope) => {
      new ServiceAccountV1(scope, 'irsa', {
        metadata: {
          name: 'irsa-sa',
          annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/r' },
        },
      });
    });

    expect(annotatedServiceAccounts(irsa)).toEqual(['irsa-sa']);
  });

  test('deploys dvawscli: one replica, label app=dvawscli, as the service account', () => {
    const [serviceAccount] = Object.keys(
      parse(workload).resource?.kubernetes_service_account_v1 ?? {},
    );
    expect(workload).toHaveResourceWithProperties(DeploymentV1, {
      metadata: expect.objectContaining({ name: 'dvawscli', labels: { app: 'dvawscli' } }),
      spec: expect.objectContaining({
        replicas: '1',
        selector: { match_labels: { app: 'dvawscli' } },
        template: {
          metadata: { labels: { app: 'dvawscli' } },
          spec: expect.objectContaining({
            service_account_name: `\${kubernetes_service_account_v1.${serviceAccount}.metadata[0].name}`,
            container: [expect.objectContaining({ name: 'dvawscli', image: 'dennysv/dvawscli' })],
          }),
        },
      }),
      wait_for_rollout: true,
    });
  });

  test('hardens the pod: no privilege escalation, no capabilities, RuntimeDefault seccomp, requests and limits', () => {
    const [deployment] = blocksOf(workload, 'kubernetes_deployment_v1');
    const spec = (deployment.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    expect(spec.security_context).toEqual({ seccomp_profile: { type: 'RuntimeDefault' } });
    expect(spec.container).toEqual([
      {
        name: 'dvawscli',
        image: 'dennysv/dvawscli',
        resources: {
          requests: { cpu: '50m', memory: '64Mi' },
          limits: { cpu: '500m', memory: '256Mi' },
        },
        security_context: { allow_privilege_escalation: false, capabilities: { drop: ['ALL'] } },
      },
    ]);
  });

  test('authenticates with the cluster endpoint, its CA and an ephemeral token kept out of state', () => {
    const [cluster] = Object.keys(parse(workload).data?.aws_eks_cluster ?? {});
    const ephemeral = parse(workload).ephemeral?.aws_eks_cluster_auth ?? {};
    const [auth] = Object.keys(ephemeral);
    expect(workload).toHaveDataSourceWithProperties(DataAwsEksCluster, { name: 'example' });
    expect(ephemeral).toEqual({ [auth]: { name: 'example' } });
    expect(parse(workload).provider?.kubernetes).toEqual([
      {
        host: `\${data.aws_eks_cluster.${cluster}.endpoint}`,
        cluster_ca_certificate: `\${base64decode(data.aws_eks_cluster.${cluster}.certificate_authority[0].data)}`,
        token: `\${ephemeral.aws_eks_cluster_auth.${auth}.token}`,
      },
    ]);
    expect(parse(workload).terraform?.required_version).toBe('>= 1.10.0');
    expect(workload).not.toHaveResource(JobV1);
  });

  test("outputs the tutorial's access check", () => {
    expect(parse(workload).output?.pod_access_checks.value).toEqual({
      'example/exampleserviceaccount':
        'kubectl exec -n example deploy/dvawscli -- aws s3 ls s3://eks-automation/',
    });
  });

  test('matches the snapshot', () => {
    expect(workload).toMatchSnapshot();
  });
});

describe('PodIdentityWorkloadStack with configuration', () => {
  test("gives example.yaml's pod spec exactly with hardening off", () => {
    const { workloads } = synthApp(
      configOf({
        identities: [
          {
            name: 'example',
            associations: [
              association('example', 'exampleserviceaccount', {
                kubernetes: { deployment: { hardened: false } },
              }),
            ],
          },
        ],
      }),
    );
    const [deployment] = blocksOf(workloads[0], 'kubernetes_deployment_v1');
    const spec = (deployment.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    // example.yaml: serviceAccountName, and one container with image, name and `resources: {}`.
    expect(Object.keys(spec).sort()).toEqual(['container', 'service_account_name']);
    expect(spec.container).toEqual([{ name: 'dvawscli', image: 'dennysv/dvawscli' }]);
  });

  test('makes one stack per cluster that runs workloads, and none for the others', () => {
    const { stacks } = synthApp(
      configOf({
        environment: 'prod',
        clusters: [{ name: 'blue' }, { name: 'green' }, { name: 'gray' }],
        identities: [
          identity('app', {
            associations: [
              association('app', 'app', { cluster: 'blue' }),
              association('app', 'app', { cluster: 'green' }),
              association('app', 'app', { cluster: 'gray', kubernetes: false }),
            ],
          }),
        ],
      }),
    );
    expect(stacks.workloads.map((s) => s.node.id)).toEqual([
      'pod-identity-prod-workload-blue',
      'pod-identity-prod-workload-green',
    ]);
  });

  test('creates a shared namespace once and skips namespaces that exist already', () => {
    const { workloads } = synthApp(
      configOf({
        identities: [
          identity('a', {
            associations: [
              association('shared', 'one', { kubernetes: { deployment: { name: 'one' } } }),
              association('shared', 'two', { kubernetes: { deployment: { name: 'two' } } }),
              association('platform', 'three', { kubernetes: { createNamespace: false } }),
            ],
          }),
        ],
      }),
    );
    expect(blocksOf(workloads[0], 'kubernetes_namespace_v1')).toEqual([
      { metadata: { name: 'shared' } },
    ]);
    expect(workloads[0]).toHaveResourceWithProperties(ServiceAccountV1, {
      metadata: { name: 'three', namespace: 'platform' },
    });
    expect(blocksOf(workloads[0], 'kubernetes_service_account_v1')).toHaveLength(3);
    expect(blocksOf(workloads[0], 'kubernetes_deployment_v1')).toHaveLength(3);
  });

  test('creates only the namespace and service account in GitOps mode', () => {
    const { workloads } = synthApp(
      configOf({
        identities: [
          identity('app', {
            associations: [association('app', 'app', { kubernetes: { deployment: false } })],
          }),
        ],
      }),
    );
    expect(workloads[0]).not.toHaveResource(DeploymentV1);
    expect(blocksOf(workloads[0], 'kubernetes_service_account_v1')).toHaveLength(1);
    expect(parse(workloads[0]).output?.pod_access_checks.value).toEqual({});
  });

  test('runs a verification Job that lists the bucket as the service account', () => {
    const { workloads } = synthApp(
      configOf({
        identities: [
          identity('app', {
            s3: { access: 'bucket-scoped', buckets: ['reports-bucket'], prefix: 'daily/' },
            associations: [
              association('app', 'app', {
                kubernetes: { deployment: false, verificationJob: true },
              }),
            ],
          }),
        ],
      }),
    );
    const [serviceAccount] = Object.keys(
      parse(workloads[0]).resource?.kubernetes_service_account_v1 ?? {},
    );
    expect(blocksOf(workloads[0], 'kubernetes_job_v1')).toEqual([
      {
        metadata: {
          name: 'pod-identity-check',
          namespace: '${kubernetes_namespace_v1.namespace_app.metadata[0].name}',
        },
        spec: {
          backoff_limit: 2,
          template: {
            metadata: {},
            spec: {
              service_account_name: `\${kubernetes_service_account_v1.${serviceAccount}.metadata[0].name}`,
              restart_policy: 'Never',
              security_context: { seccomp_profile: { type: 'RuntimeDefault' } },
              container: [
                {
                  name: 'check',
                  image: 'dennysv/dvawscli',
                  command: ['aws', 's3', 'ls', 's3://reports-bucket/daily/'],
                  resources: {
                    requests: { cpu: '50m', memory: '64Mi' },
                    limits: { cpu: '500m', memory: '256Mi' },
                  },
                  security_context: {
                    allow_privilege_escalation: false,
                    capabilities: { drop: ['ALL'] },
                  },
                },
              ],
            },
          },
        },
        wait_for_completion: true,
        timeouts: { create: '300s', update: '300s' },
      },
    ]);
    expect(parse(workloads[0]).output?.pod_access_checks.value).toEqual({
      'app/app': 'kubectl logs -n app job/pod-identity-check',
    });
  });

  test("lists each namespace's own prefix with per-namespace (ABAC) prefixes", () => {
    const { workloads } = synthApp(
      configOf({
        identities: [
          identity('shared', {
            s3: { access: 'bucket-scoped', buckets: ['tenant-data'], namespacePrefixes: true },
            associations: [association('team-a', 'app'), association('team-b', 'app')],
          }),
        ],
      }),
    );
    expect(parse(workloads[0]).output?.pod_access_checks.value).toEqual({
      'team-a/app': 'kubectl exec -n team-a deploy/dvawscli -- aws s3 ls s3://tenant-data/team-a/',
      'team-b/app': 'kubectl exec -n team-b deploy/dvawscli -- aws s3 ls s3://tenant-data/team-b/',
    });
  });

  test('configures the deployment: image, replicas, command, labels, resources, rollout wait, non-root', () => {
    const { workloads } = synthApp(
      configOf({
        identities: [
          identity('app', {
            associations: [
              association('app', 'app', {
                kubernetes: {
                  deployment: {
                    name: 'reporter',
                    image: 'public.ecr.aws/aws-cli/aws-cli:2.17.0',
                    replicas: 3,
                    command: ['sleep', 'infinity'],
                    labels: { 'app.kubernetes.io/name': 'reporter' },
                    resources: { requests: { cpu: '100m' }, limits: { cpu: '1' } },
                    waitForRollout: false,
                    runAsNonRoot: true,
                  },
                },
              }),
            ],
          }),
        ],
      }),
    );
    const labels = { 'app.kubernetes.io/name': 'reporter' };
    expect(workloads[0]).toHaveResourceWithProperties(DeploymentV1, {
      metadata: expect.objectContaining({ name: 'reporter', labels }),
      spec: expect.objectContaining({
        replicas: '3',
        selector: { match_labels: labels },
        template: expect.objectContaining({
          spec: expect.objectContaining({
            security_context: {
              seccomp_profile: { type: 'RuntimeDefault' },
              run_as_non_root: true,
            },
            container: [
              expect.objectContaining({
                image: 'public.ecr.aws/aws-cli/aws-cli:2.17.0',
                command: ['sleep', 'infinity'],
                resources: { requests: { cpu: '100m' }, limits: { cpu: '1' } },
              }),
            ],
          }),
        }),
      }),
      wait_for_rollout: false,
    });
  });

  test('authenticates with aws eks get-token when auth is exec', () => {
    const { workloads } = synthApp(
      configOf({
        region: 'eu-west-1',
        clusters: [{ name: 'example', kubernetes: { auth: 'exec' } }],
      }),
    );
    expect(workloads[0]).toHaveProviderWithProperties(KubernetesProvider, {
      exec: [
        {
          api_version: 'client.authentication.k8s.io/v1beta1',
          command: 'aws',
          args: [
            'eks',
            'get-token',
            '--cluster-name',
            'example',
            '--region',
            'eu-west-1',
            '--output',
            'json',
          ],
        },
      ],
    });
    expect(parse(workloads[0]).ephemeral).toBeUndefined();
    expect(parse(workloads[0]).provider?.kubernetes?.[0].token).toBeUndefined();
  });

  test('uses a kubeconfig file and context when auth is kubeconfig, without looking the cluster up', () => {
    const { workloads } = synthApp(
      configOf({
        clusters: [
          {
            name: 'example',
            kubernetes: {
              auth: 'kubeconfig',
              kubeconfigPath: '~/.kube/prod',
              kubeconfigContext: 'prod',
            },
          },
        ],
      }),
    );
    expect(parse(workloads[0]).provider?.kubernetes).toEqual([
      { config_path: '~/.kube/prod', config_context: 'prod' },
    ]);
    expect(workloads[0]).not.toHaveDataSource(DataAwsEksCluster);
  });
});

describe('PodIdentityWorkloadStack while an identity migrates from IRSA', () => {
  const provider =
    'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';
  const file = (migrateFromIrsa: boolean) => ({
    clusters: [{ name: 'example', oidcProviderArn: provider }],
    identities: [
      {
        name: 'app',
        role: { name: 'legacy-app', adopt: true, path: '/teams/' },
        migrateFromIrsa,
        associations: [
          { namespace: 'app', serviceAccount: 'api', kubernetes: { deployment: false } },
        ],
      },
    ],
  });
  const annotationsOf = (migrateFromIrsa: boolean) =>
    blocksOf(
      synthApp(configOf(file(migrateFromIrsa))).workloads[0],
      'kubernetes_service_account_v1',
    ).map((block) => (block.metadata as { annotations?: unknown }).annotations);

  test("keeps IRSA's annotation on the service account it creates, naming the role in the provider's account", () => {
    expect(annotationsOf(true)).toEqual([
      { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/teams/legacy-app' },
    ]);
  });

  test('drops it once the migration is finished', () => {
    expect(annotationsOf(false)).toEqual([undefined]);
  });
});
