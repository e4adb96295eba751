import * as z from 'zod';
import { addon } from './addons';
import { about, choice, list, named, required, settings, text, report } from '../core/fields';
import * as rules from '../core/rules';

/** The existing EKS clusters of the region, and how this project reaches them. */

export const agentSettings = settings({
  version: named(
    rules.addonVersion,
    "Add-on version. Default: EKS's default for the cluster's Kubernetes version.",
  ).optional(),
  resolveConflictsOnUpdate: about(
    choice(['OVERWRITE', 'PRESERVE', 'NONE']),
    'What EKS does with fields changed outside the add-on when it updates it.',
  ).default('OVERWRITE'),
});

const podIdentityAgent = about(
  z
    .union([z.boolean(), agentSettings], {
      error: (issue) =>
        issue.code === 'invalid_union'
          ? 'is not a boolean or an object (true, false, or { "version", "resolveConflictsOnUpdate" })'
          : undefined,
    })
    .default(false),
  "Manage the eks-pod-identity-agent add-on (the tutorial's step 1) in the AWS stack: true, or { version, resolveConflictsOnUpdate }. It takes over an agent installed by hand (OVERWRITE on create). false: the cluster runs the agent already.",
);

const KUBECONFIG_ONLY = ['kubeconfigPath', 'kubeconfigContext'] as const;

const kubernetesAccess = settings({
  auth: about(
    choice(['ephemeral-token', 'exec', 'kubeconfig']),
    "How the workload stack's Kubernetes provider authenticates: an ephemeral aws_eks_cluster_auth token (Terraform >= 1.10; kept out of plan and state), `aws eks get-token` (exec), or a kubeconfig file.",
  ).default('ephemeral-token'),
  kubeconfigPath: about(
    text().min(1, { error: 'is empty: leave it out for ~/.kube/config' }).optional(),
    'With kubeconfig only. Default: ~/.kube/config.',
  ),
  kubeconfigContext: about(
    text()
      .min(1, { error: "is empty: leave it out for the kubeconfig's current context" })
      .optional(),
    'With kubeconfig only. Default: the current context.',
  ),
}).superRefine((access, context) => {
  if (access.auth === 'kubeconfig') return;
  for (const key of KUBECONFIG_ONLY) {
    if (access[key] !== undefined) {
      report(context, { path: [key], message: 'only applies when auth is "kubeconfig"' });
    }
  }
});

export const cluster = settings({
  name: required(
    named(rules.eksClusterName, 'Name of an existing EKS cluster in the region; unique.'),
  ),
  podIdentityAgent,
  kubernetes: about(kubernetesAccess, 'How the workload stack reaches the cluster.').prefault({}),
  addons: about(
    list(addon),
    'EKS managed add-ons of the cluster. Those that use Pod Identity depend on the agent add-on when it is managed here.',
  ).default([]),
  oidcProviderArn: named(
    rules.oidcProviderArn,
    "The cluster's IAM OIDC provider (its issuer, as IRSA's trust policies name it): needed on the clusters where an identity migrates from IRSA (migrateFromIrsa). npm run import-irsa finds it from the cluster.",
  ).optional(),
});

export type ClusterSettings = z.output<typeof cluster>;
