import { inFile } from '../core/origin';
import { WORKSPACE_NAME_MAX } from '../core/quotas';
import { Model } from '../model/model';
import { awsStackName, clustersWithWorkloads, workloadStackName } from '../model/stack-names';
import { Problems } from './problems';

/** Terraform Cloud's limit on workspace names, for each stack's workspace. */
export function checkWorkspaceNames(
  model: Pick<Model, 'backend' | 'environment' | 'clusters' | 'identities'>,
  problems: Problems,
): void {
  if (model.backend.kind !== 'cloud') return;
  const prefix = model.backend.workspacePrefix;
  const stacks = [
    awsStackName(model.environment),
    ...clustersWithWorkloads(model.clusters, model.identities).map((c) =>
      workloadStackName(model.environment, c.name),
    ),
  ];
  for (const stack of stacks) {
    const workspace = `${prefix}${stack}`;
    if (workspace.length > WORKSPACE_NAME_MAX) {
      problems.addField(
        inFile('terraformCloud'),
        `the workspace name ${JSON.stringify(workspace)} (prefix ${JSON.stringify(prefix)} + stack ${JSON.stringify(stack)}) is ${workspace.length} characters, more than the ${WORKSPACE_NAME_MAX} Terraform Cloud allows; shorten terraformCloud.workspacePrefix, the environment or the cluster name`,
      );
    }
  }
}
