import * as z from 'zod';
import { about, list, required, text } from '../core/fields';
import * as rules from '../core/rules';

/**
 * The parameters presets share, written once: each preset takes the ones
 * that scope its policy, with its own words for what they scope and for what
 * it falls back to when one is left out.
 */

/** A list of ARNs scoping a permission; left out, the preset falls back to `fallback`. */
export function arns(rule: rules.Rule, what: string, fallback: string) {
  return about(
    list(text(rule), `list at least one, or leave it out for ${fallback}`).optional(),
    `${what}. Default: ${fallback}. Each must be ${rule.description}.`,
  );
}

/** A list of ARNs a preset cannot do without: `why` says what its policy is scoped to. */
export function requiredArns(rule: rules.Rule, what: string, why: string): z.ZodArray<z.ZodString> {
  return required(
    about(
      list(text(rule), `list at least one: ${why}`),
      `${what}. Required: ${why}. Each must be ${rule.description}.`,
    ),
    `: ${why}`,
  );
}

export const hostedZoneArns = (fallback: string) =>
  arns(rules.route53HostedZoneArn, 'Route 53 hosted zones it may change records in', fallback);

export const kmsKeyArns = (what: string, fallback: string) => arns(rules.kmsKeyArn, what, fallback);

export const bucketArns = (what: string, why: string, rule: rules.Rule = rules.s3BucketArn) =>
  requiredArns(rule, what, why);

export const queueArns = (fallback: string) =>
  arns(rules.sqsQueueArn, 'SQS queues it receives events from and deletes them in', fallback);

export const parameterArns = (
  fallback: string,
  what = 'SSM parameters it reads (wildcards allowed)',
) => arns(rules.ssmParameterArn, what, fallback);

export const secretArns = (
  fallback: string,
  what = 'Secrets Manager secrets it reads (wildcards allowed)',
) => arns(rules.secretArn, what, fallback);

export const workspaceArns = (fallback: string) =>
  arns(rules.prometheusWorkspaceArn, 'Amazon Managed Prometheus workspaces it writes to', fallback);

export const certificateAuthorityArns = (fallback: string) =>
  arns(rules.privateCaArn, 'AWS Private CA certificate authorities it issues from', fallback);
