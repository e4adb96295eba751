import * as z from 'zod';
import { configFile } from './config-file';

/** Where the published schema lives, relative to the repository root. */
export const JSON_SCHEMA_FILE = 'pod-identity.schema.json';

/**
 * The configuration file's JSON Schema (draft-07, which VS Code and the
 * JetBrains IDEs read), from the same definition as the reader: each field's
 * type, rules (patterns, lengths, ranges, choices), default and description,
 * with unknown keys refused. What JSON Schema cannot say (checks across
 * fields, AWS's own quotas, the actions AWS has) only the reader checks.
 */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configFile, {
    io: 'input',
    target: 'draft-7',
    // String maps are checked by code; their JSON Schema comes from their metadata.
    unrepresentable: 'any',
  });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'EKS Pod Identity with CDK for Terraform: configuration file',
    description:
      'One environment (an AWS account and region): its EKS clusters and the identities (IAM roles) whose Pod Identity associations map service accounts to them. No file at all gives the EKS Pod Identity tutorial. Reference: docs/configuration.md.',
    ...rest,
  };
}
