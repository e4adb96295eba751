import { existsSync, readFileSync } from 'fs';
import { resolve } from 'path';
import { ConfigError } from './config-error';
import { readConfig } from './read-config';
import { Model } from '../model/model';
import { JsonSyntaxError, JsonText, parseJsonText } from './json-text';

/**
 * The environment variables the configuration is read from, and what each
 * does; nothing else reads the environment. An empty value counts as unset.
 */
export const CONFIG_ENVIRONMENT = {
  POD_IDENTITY_CONFIG:
    'Path of the JSON configuration file, relative to the project folder. Without it: the tutorial.',
  CLUSTER_NAME:
    "Renames the configured cluster, and every association's reference to it. Refused when the file names more than one cluster.",
  AWS_REGION: 'Replaces `region`.',
  TF_CLOUD_ORGANIZATION:
    'Use Terraform Cloud: each stack gets a `cloud` block with this organization and a workspace of its own, `<terraformCloud.workspacePrefix><stack>`.',
  TF_CLOUD_HOSTNAME: 'Terraform Enterprise host (with `TF_CLOUD_ORGANIZATION` only).',
  TF_CLOUD_PROJECT:
    'Terraform Cloud project of the workspaces (with `TF_CLOUD_ORGANIZATION` only).',
} as const;

type ConfigVariable = keyof typeof CONFIG_ENVIRONMENT;

export const CONFIG_VARIABLES = Object.keys(CONFIG_ENVIRONMENT) as readonly ConfigVariable[];

export type ConfigEnvironment = Readonly<Partial<Record<ConfigVariable, string>>>;

/**
 * Reads the configuration: the JSON file named by `POD_IDENTITY_CONFIG`
 * (the tutorial's defaults without one), then `CLUSTER_NAME`, `AWS_REGION` and
 * `TF_CLOUD_*` from the environment. An empty variable counts as unset, as CI
 * systems often export unset secrets as empty strings.
 */
export function loadConfig(environment: ConfigEnvironment, cwd: string): Model {
  const value = (name: ConfigVariable) => {
    const text = environment[name];
    return text === undefined || text === '' ? undefined : text;
  };
  const file = value('POD_IDENTITY_CONFIG');
  const json = file === undefined ? undefined : readJsonFile(file, cwd);
  return readConfig({
    source: file ?? 'defaults',
    file: json?.value,
    duplicateKeys: json?.duplicateKeys ?? [],
    clusterName: value('CLUSTER_NAME'),
    region: value('AWS_REGION'),
    terraformCloud: {
      organization: value('TF_CLOUD_ORGANIZATION'),
      hostname: value('TF_CLOUD_HOSTNAME'),
      project: value('TF_CLOUD_PROJECT'),
    },
  });
}

function readJsonFile(file: string, cwd: string): JsonText {
  const path = resolve(cwd, file);
  const field = 'POD_IDENTITY_CONFIG (environment)';
  if (!existsSync(path)) {
    throw new ConfigError(file, [
      `${field}: ${JSON.stringify(file)} names no file (looked for ${path})`,
    ]);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [
      `${field}: ${JSON.stringify(file)} cannot be read: ${(error as Error).message}`,
    ]);
  }
  try {
    return parseJsonText(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new ConfigError(file, [
      `${field}: ${JSON.stringify(file)} is not JSON: ${error.message}`,
    ]);
  }
}
