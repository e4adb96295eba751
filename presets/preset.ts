import * as z from 'zod';
import { IamStatement, PolicyContext } from '../core/iam';
import { AwsPartition } from '../core/partition';
import { YamlValue } from '../core/yaml';

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
   * The Helm chart that installs the controller's release, with the facts
   * its placement rests on; or why there is none.
   */
  readonly chart: PresetChart | NoChart;
  /**
   * The chart values the controller must be given to stay within what its
   * role allows (zone filters, its cluster, its queue, ...), beside the
   * service account values every chart gets.
   * @default - none
   */
  values?(settings: SettingsOf<N, P>, context: ValuesContext): ChartValues;
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
  /** The controller's service accounts, the main one first: each gets an association. */
  readonly serviceAccounts: readonly [string, ...string[]];
}

/** A Helm chart and the facts about it that the preset's placement and values rest on. */
export interface PresetChart {
  /** The repository users add: `https://...` or `oci://...` (the chart's own address for OCI). */
  readonly repository: string;
  readonly name: string;
  /** The chart version that ships the preset's release (or the newest, with `image`). */
  readonly version: string;
  /** The release name the placement assumes: `helm upgrade --install <releaseName> ...`. */
  readonly releaseName: string;
  /** The values keys of the controller's service account, dotted (`controller.serviceAccount.name`). */
  readonly serviceAccount: {
    readonly name: string;
    /** @default - the chart always creates it */
    readonly create?: string;
    /** @default - the chart takes no annotations for it */
    readonly annotations?: string;
  };
  /**
   * How the chart names its service account with its default values, as a
   * rule the tests evaluate for `releaseName`, and where that is written.
   */
  readonly naming: ChartNaming;
  /**
   * Why the placement's service account is not the chart's default name for
   * `releaseName`: the values name it, so the chart agrees.
   * @default - the placement is the chart's default
   */
  readonly namesItsOwn?: string;
  /** Where the docs install it, so the placement's namespace: a URL pinned to a version, with lines. */
  readonly namespaceSource: string;
  /**
   * When no chart version ships the preset's release: the values key of the
   * image tag and the tag to set.
   * @default - the chart's default image is the release
   */
  readonly image?: { readonly key: string; readonly tag: string };
}

/**
 * How a chart names a service account with its default values:
 * `fullname` is Helm's convention (the release name when it contains the
 * chart's name, `<release>-<chart>` otherwise, at most 63 characters), with
 * an optional suffix; `template` writes the name from the release;
 * `fixed` is a name in the chart's values.
 */
export type ChartNaming = (
  | { readonly kind: 'fullname'; readonly suffix?: string }
  | { readonly kind: 'template'; readonly template: `${string}{release}${string}` }
  | { readonly kind: 'fixed'; readonly name: string }
) & {
  /** The chart's templates or values that say so, pinned to the chart version, with lines. */
  readonly url: string;
};

/** A preset whose controller no Helm chart installs. */
export interface NoChart {
  /** Why, and what installs it instead. */
  readonly none: string;
}

/** Where one values file applies. */
export interface ValuesContext {
  /** The cluster the values file is for. */
  readonly cluster: string;
  readonly region: string;
  readonly partition: AwsPartition;
}

/** Chart values, and lines the values file says about what no value can set. */
export interface ChartValues {
  readonly values: { readonly [key: string]: YamlValue };
  /** Written as comments at the top of the values file. */
  readonly notes?: readonly string[];
}

/** The EKS add-on of a preset: its service accounts are the placement's. */
export interface PresetAddon {
  /** As `aws eks describe-addon-versions` lists it. */
  readonly name: string;
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
  /**
   * Where the preset differs from the published policy, and why; empty when
   * nothing. A test compares the preset with the published document recorded
   * in `presets/published/<preset>.json` and fails on a difference that is
   * not declared here, and on a declaration that no longer differs.
   */
  readonly deviations: readonly PresetDeviation[];
  /**
   * Features of the controller its role does not allow, and what to do
   * instead; empty when none.
   */
  readonly limits: readonly string[];
}

/** One difference from the published policy. */
export interface PresetDeviation {
  /** adds: the preset grants more; removes: less; scopes: the same actions on less. */
  readonly change: 'adds' | 'removes' | 'scopes';
  /**
   * The actions that differ, as the policies write them; an AWS-managed
   * policy counts as the actions of its document.
   */
  readonly actions: readonly string[];
  /** Under which settings, when not always: `with hostedZoneArns`. */
  readonly when?: string;
  readonly why: string;
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
