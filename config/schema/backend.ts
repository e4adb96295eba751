import { about, named, settings } from './fields';
import * as rules from './rules';

/**
 * Where Terraform keeps state. Terraform Cloud is chosen by the environment
 * (`TF_CLOUD_ORGANIZATION`, so a pipeline's secrets pick it); the file only
 * names the workspaces.
 */
export const terraformCloud = about(
  settings({
    workspacePrefix: named(
      rules.tfcWorkspacePrefix,
      'Prepended to each stack name to form its workspace name (at most 90 characters in all).',
    ).default(''),
  }),
  'Terraform Cloud workspaces, used when TF_CLOUD_ORGANIZATION is set.',
).prefault({});
