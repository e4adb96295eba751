import { PresetName, PresetOf } from '../../config/schema/presets';
import { IamStatement, PolicyContext } from '../iam-statement';

/**
 * The permissions of one preset, written from its controller's own published
 * IAM requirements for a named release (or AWS's managed policy, where AWS
 * publishes one for that purpose). When the controller moves on, compare
 * `source` with its new release: that is the whole upkeep.
 */
export interface PresetPolicy<N extends PresetName> {
  readonly source: PresetSource;
  /** AWS-managed policies attached as they are, by name (`service-role/AmazonEBSCSIDriverPolicy`). */
  managedPolicies(preset: PresetOf<N>): readonly string[];
  /** Customer managed policies created for the role, each at most 6,144 characters. */
  documents(preset: PresetOf<N>, context: PresetContext): readonly PresetDocument[];
}

/** Where the permissions come from. */
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
