import { checkConfig, Paths } from '../check/check-config';
import { ConfigFile, configFile } from '../schema/config-file';
import { kindOf } from '../schema/json-value';
import { partitionOf } from '../schema/partition';
import * as rules from '../schema/rules';
import { follows } from '../schema/rules';
import { TUTORIAL } from '../schema/tutorial';
import { BackendConfig, PodIdentityConfig } from '../schema/types';
import { ConfigError } from './config-error';
import { DuplicateKey } from './json-text';
import { lenient } from './lenient';
import { Problems, wording } from './problems';
import { resolveParts } from './resolve-config';

/** What the configuration is made of: the JSON file and the environment's overrides. */
export interface ConfigInputs {
  /** Where the file came from, for messages (`defaults` without a file). */
  readonly source: string;
  /** The parsed JSON file; undefined without one. */
  readonly file?: unknown;
  /** Keys the file writes more than once in one object. */
  readonly duplicateKeys?: readonly DuplicateKey[];
  /** `CLUSTER_NAME`: renames the only configured cluster. */
  readonly clusterName?: string;
  /** `AWS_REGION`: replaces the configured region. */
  readonly region?: string;
  /** `TF_CLOUD_*`: Terraform Cloud instead of local state. */
  readonly terraformCloud?: {
    readonly organization?: string;
    readonly hostname?: string;
    readonly project?: string;
  };
}

const ENV_REGION = 'AWS_REGION (environment)';

let lenientConfigFile: typeof configFile | undefined;

/**
 * Checks the whole configuration and resolves every default. Throws a
 * `ConfigError` listing every problem; nothing is built from a configuration
 * that has one.
 */
export function readConfig(inputs: ConfigInputs): PodIdentityConfig {
  const { config, problems } = inspectConfig(inputs);
  if (config === undefined || problems.length > 0) {
    throw new ConfigError(inputs.source, problems);
  }
  return config;
}

export interface InspectedConfig {
  /** The valid part of the configuration, resolved; undefined when the file is not an object. */
  readonly config?: PodIdentityConfig;
  /** Every problem, in the order found: the schema's, the environment's, the cross-field ones. */
  readonly problems: readonly string[];
}

/**
 * Reads the configuration without refusing it: its valid part, resolved,
 * and every problem. The schema reports what is wrong with each field; the
 * cross-field checks then run on the valid part of the file, so one run
 * reports everything.
 */
export function inspectConfig(inputs: ConfigInputs): InspectedConfig {
  const problems = new Problems();
  for (const key of inputs.duplicateKeys ?? []) {
    problems.addField(
      key.path,
      `is written ${key.lines.length} times in one object (lines ${key.lines.join(', ')}): JSON keeps only the last value, so write it once`,
    );
  }
  const file = inputs.file === undefined ? {} : inputs.file;
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    problems.add(
      '(file)',
      file,
      `is ${kindOf(file)}, not an object: a configuration file holds one JSON object`,
    );
    return { problems: problems.list };
  }

  const strict = configFile.safeParse(file, { reportInput: true, error: wording });
  let parsed: ConfigFile;
  if (strict.success) {
    parsed = strict.data;
  } else {
    problems.addIssues(strict.error.issues);
    lenientConfigFile ??= lenient(configFile);
    parsed = lenientConfigFile.parse(file);
  }
  const refused = new Set(strict.success ? [] : strict.error.issues.map((i) => i.path[0]));

  const paths: Paths = new WeakMap();
  const region = resolveRegion(parsed, inputs.region, refused, problems);
  const partition = partitionOf(region ?? TUTORIAL.region);
  const { clusters, identities } = resolveParts(parsed, inputs.clusterName, {
    problems,
    paths,
    file,
  });
  const backend = readBackend(inputs.terraformCloud, parsed, region ?? TUTORIAL.region, problems);
  const config: PodIdentityConfig = {
    environment: parsed.environment,
    region: region ?? TUTORIAL.region,
    partition,
    defaultTags: parsed.defaultTags,
    iamLimits: parsed.iamLimits,
    clusters,
    identities,
    backend,
  };
  checkConfig({ ...config, region }, paths, problems);
  return { config, problems: problems.list };
}

/** The region: the environment's, the file's, or the tutorial's; undefined when refused. */
function resolveRegion(
  parsed: ConfigFile,
  fromEnvironment: string | undefined,
  refused: ReadonlySet<PropertyKey>,
  problems: Problems,
): string | undefined {
  if (fromEnvironment === undefined) return refused.has('region') ? undefined : parsed.region;
  if (!follows(rules.awsRegion, fromEnvironment)) {
    problems.add(ENV_REGION, fromEnvironment, `is not ${rules.awsRegion.description}`);
    return undefined;
  }
  return fromEnvironment;
}

function readBackend(
  terraformCloud: ConfigInputs['terraformCloud'],
  parsed: ConfigFile,
  region: string,
  problems: Problems,
): BackendConfig {
  const { organization, hostname, project } = terraformCloud ?? {};
  const s3 = parsed.backend.s3;
  if (s3 !== undefined && organization !== undefined) {
    problems.addField(
      'backend.s3',
      `is set together with TF_CLOUD_ORGANIZATION (environment) ${JSON.stringify(organization)}: state goes to one place, so unset TF_CLOUD_ORGANIZATION or remove backend.s3`,
    );
  }
  if (s3 !== undefined) return { kind: 's3', ...s3, region: s3.region ?? region };
  if (organization === undefined) {
    for (const [name, value] of [
      ['TF_CLOUD_HOSTNAME', hostname],
      ['TF_CLOUD_PROJECT', project],
    ] as const) {
      if (value !== undefined) {
        problems.add(
          `${name} (environment)`,
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
      problems.add(`${name} (environment)`, value, `is not ${rule.description}`);
    }
  }
  return {
    kind: 'cloud',
    organization,
    workspacePrefix: parsed.terraformCloud.workspacePrefix,
    ...(hostname !== undefined && { hostname }),
    ...(project !== undefined && { project }),
  };
}
