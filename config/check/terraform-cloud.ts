import { WORKSPACE_NAME_MAX } from '../schema/quotas';
import { awsStackName, clustersWithWorkloads, workloadStackName } from '../schema/stack-names';
import { PodIdentityConfig } from '../schema/types';
import { Problems } from '../read/problems';

/** Terraform Cloud's limit on workspace names, for each stack's workspace. */
export function checkWorkspaceNames(
  config: Pick<PodIdentityConfig, 'backend' | 'environment' | 'clusters' | 'identities'>,
  problems: Problems,
): void {
  if (config.backend.kind !== 'cloud') return;
  const prefix = config.backend.workspacePrefix;
  const stacks = [
    awsStackName(config.environment),
    ...clustersWithWorkloads(config.clusters, config.identities).map((c) =>
      workloadStackName(config.environment, c.name),
    ),
  ];
  for (const stack of stacks) {
    const workspace = `${prefix}${stack}`;
    if (workspace.length > WORKSPACE_NAME_MAX) {
      problems.addField(
        'terraformCloud',
        `the workspace name ${JSON.stringify(workspace)} (prefix ${JSON.stringify(prefix)} + stack ${JSON.stringify(stack)}) is ${workspace.length} characters, more than the ${WORKSPACE_NAME_MAX} Terraform Cloud allows; shorten terraformCloud.workspacePrefix, the environment or the cluster name`,
      );
    }
  }
}
