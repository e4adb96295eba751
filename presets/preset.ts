import * as z from 'zod';
import { IamStatement, PolicyContext } from '../core/iam';

/**
 * A preset: the permissions of a controller that platform teams install, by
 * name, written once. Its file holds everything about it: the parameters
 * that scope it (with their descriptions, rules and defaults), where the
 * controller runs, the EKS add-on that installs it (if any), the release its
 * policy was written from, and the policy itself. The configuration's
 * schema, the add-on table, the reference and the README's table are
 * derived from these definitions.
 */
export interface PresetDefinition<N extends string, P extends z.ZodRawShape> {
  /** The preset's name, as `"preset": { "name": ... }` writes it. */
  readonly name: N;
  /** Its parameters: zod fields with their description, rule and default. */
  readonly parameters: P;
  /** Where the controller runs, as its Helm chart (or EKS add-on) installs it. */
  readonly placement: PresetPlacement;
  /**
   * The EKS managed add-on that installs the controller, whose
   * `{ "name": ... }` alone gets this preset's role and associations.
   * @default - no EKS add-on installs it
   */
  readonly addon?: PresetAddon;
  /** Where the permissions come from. */
  readonly source: PresetSource;
  /** AWS-managed policies attached as they are, by name (`service-role/AmazonEBSCSIDriverPolicy`). */
  managedPolicies(settings: SettingsOf<N, P>): readonly string[];
  /** Customer managed policies created for the role, each at most 6,144 characters. */
  documents(settings: SettingsOf<N, P>, context: PresetContext): readonly PresetDocument[];
}

/** A preset's settings as the configuration gives them: its name and its parameters. */
export type SettingsOf<N extends string, P extends z.ZodRawShape> = { readonly name: N } & Readonly<
  z.output<z.ZodObject<P>>
>;

/** Where a preset's controller runs. */
export interface PresetPlacement {
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** The EKS add-on of a preset. */
export interface PresetAddon {
  /** As `aws eks describe-addon-versions` lists it. */
  readonly name: string;
  /**
   * The add-on's service accounts that take an association.
   * @default - the preset's service account
   */
  readonly serviceAccounts?: readonly string[];
}

/** Where the permissions come from: compare it with the controller's next release. */
export interface PresetSource {
  /** The controller or add-on, e.g. `kubernetes-sigs/external-dns`. */
  readonly controller: string;
  /** The release they were written from, e.g. `v0.22.0`; for AWS-managed policies, the guide page's revision. */
  readonly release: string;
  /** The document at that release: a URL pinned to the tag or commit. */
  readonly url: string;
  /** What to compare when the controller moves on, e.g. `git diff v0.22.0 <new> -- docs/tutorials/aws.md`. */
  readonly compare: string;
  /** What the preset adds to or leaves out of the published policy, and why; empty when nothing. */
  readonly deviations: readonly string[];
}

export interface PresetDocument {
  /** Unique within the preset; part of the construct ID and of the policy's name. */
  readonly id: string;
  readonly description: string;
  readonly statements: readonly IamStatement[];
}

/** Where a preset's policy is evaluated, and the clusters its identity is associated on. */
export interface PresetContext extends PolicyContext {
  /** Names of the clusters the identity is associated on (Karpenter's cluster by default). */
  readonly clusters: readonly string[];
}

/** A preset, typed by its own name and parameters. */
export function definePreset<const N extends string, P extends z.ZodRawShape>(
  definition: PresetDefinition<N, P>,
): PresetDefinition<N, P> {
  return definition;
}
