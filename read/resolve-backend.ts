import { Problems } from '../check/problems';
import { fromEnvironment, inFile } from '../core/origin';
import * as rules from '../core/rules';
import { follows } from '../core/rules';
import { ConfigFile } from '../model/config-file';
import { Backend } from '../model/model';
import { Lenient } from './lenient';

/** `TF_CLOUD_*`: Terraform Cloud instead of local state. */
export interface TerraformCloudVariables {
  readonly organization?: string;
  readonly hostname?: string;
  readonly project?: string;
}

/**
 * Where Terraform keeps state: S3 when the file says so, Terraform Cloud
 * when the environment does (never both), local files otherwise.
 */
export function resolveBackend(
  variables: TerraformCloudVariables,
  file: Lenient<ConfigFile>,
  region: string,
  problems: Problems,
): Backend {
  const { organization, hostname, project } = variables;
  const s3 = file.backend.s3;
  if (s3 !== undefined && organization !== undefined) {
    problems.addField(
      inFile('backend', 's3'),
      `is set together with TF_CLOUD_ORGANIZATION (environment) ${JSON.stringify(organization)}: state goes to one place, so unset TF_CLOUD_ORGANIZATION or remove backend.s3`,
    );
  }
  if (s3 !== undefined) {
    return {
      kind: 's3',
      bucket: s3.bucket,
      keyPrefix: s3.keyPrefix,
      region: s3.region ?? region,
      useLockfile: s3.useLockfile,
      encrypt: s3.encrypt,
      kmsKeyId: s3.kmsKeyId,
    };
  }
  if (organization === undefined) {
    for (const [name, value] of [
      ['TF_CLOUD_HOSTNAME', hostname],
      ['TF_CLOUD_PROJECT', project],
    ] as const) {
      if (value !== undefined) {
        problems.add(
          fromEnvironment(name),
          value,
          'is set but TF_CLOUD_ORGANIZATION is not: set the organization to use Terraform Cloud, or unset it',
        );
      }
    }
    return { kind: 'local' };
  }
  const checks: readonly [string, string | undefined, rules.Rule][] = [
    ['TF_CLOUD_ORGANIZATION', organization, rules.tfcName],
    ['TF_CLOUD_HOSTNAME', hostname, rules.hostname],
    ['TF_CLOUD_PROJECT', project, rules.tfcProject],
  ];
  for (const [name, value, rule] of checks) {
    if (value !== undefined && !follows(rule, value)) {
      problems.add(fromEnvironment(name), value, `is not ${rule.description}`);
    }
  }
  return {
    kind: 'cloud',
    organization,
    workspacePrefix: file.terraformCloud.workspacePrefix,
    hostname,
    project,
  };
}
