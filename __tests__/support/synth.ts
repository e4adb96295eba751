import { Testing } from 'cdktf';
import { ConfigInputs, readConfig } from '../../read/read-config';
import { Model } from '../../model/model';
import { buildApp } from '../../main';

/** A checked configuration from a config file's content (the tutorial without one). */
export function configOf(
  file?: unknown,
  inputs: Omit<ConfigInputs, 'source' | 'file'> = {},
): Model {
  return readConfig({ source: 'test.json', file, ...inputs });
}

/** The synthesized JSON of every stack the app builds for `config`. */
export function synthApp(config: Model) {
  const app = Testing.app();
  const stacks = buildApp(app, config);
  return {
    stacks,
    aws: Testing.synth(stacks.aws),
    workloads: stacks.workloads.map((stack) => Testing.synth(stack)),
  };
}

/** A synthesized stack as an object, for counting and reading values. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly output?: Record<string, { readonly value: unknown; readonly description?: string }>;
  readonly terraform?: Record<string, unknown>;
  readonly ephemeral?: Record<string, Record<string, Record<string, unknown>>>;
}

export function parse(synthesized: string): TerraformJson {
  return JSON.parse(synthesized) as TerraformJson;
}

/** The blocks of one resource (or data source) type, without cdktf's `//` metadata. */
export function blocksOf(
  synthesized: string,
  type: string,
  kind: 'resource' | 'data' = 'resource',
): Record<string, unknown>[] {
  const blocks = parse(synthesized)[kind]?.[type] ?? {};
  return Object.values(blocks).map((block) => {
    const { ['//']: _metadata, ...rest } = block;
    return rest;
  });
}

/** Names of the service accounts that carry any annotation (IRSA's role ARN among them). */
export function annotatedServiceAccounts(synthesized: string): string[] {
  return blocksOf(synthesized, 'kubernetes_service_account_v1')
    .map((block) => block.metadata as { name: string; annotations?: unknown })
    .filter((metadata) => metadata.annotations !== undefined)
    .map((metadata) => metadata.name);
}
