import * as z from 'zod';
import { about, settings } from '../core/fields';
import { adot } from './adot';
import { amazonManagedPrometheus } from './amazon-managed-prometheus';
import { awsLoadBalancerController } from './aws-load-balancer-controller';
import { awsNodeTerminationHandler } from './aws-node-termination-handler';
import { certManager } from './cert-manager';
import { cloudwatchObservability } from './cloudwatch-observability';
import { clusterAutoscaler } from './cluster-autoscaler';
import { ebsCsi } from './ebs-csi';
import { efsCsi } from './efs-csi';
import { externalDns } from './external-dns';
import { externalSecrets } from './external-secrets';
import { fsxLustreCsi } from './fsx-lustre-csi';
import { karpenter } from './karpenter';
import { mountpointS3Csi } from './mountpoint-s3-csi';
import {
  PresetContext,
  PresetDefinition,
  PresetDocument,
  PresetPlacement,
  SettingsOf,
} from './preset';
import { privatecaIssuer } from './privateca-issuer';
import { velero } from './velero';
import { vpcCni } from './vpc-cni';

/**
 * Every preset, in the order the schema and the tables list them. Adding a
 * preset is its file and its line here; everything else (the configuration's
 * schema, the add-on table, the reference and the README's table) follows.
 */
export const PRESETS = [
  awsLoadBalancerController,
  externalDns,
  certManager,
  clusterAutoscaler,
  karpenter,
  externalSecrets,
  velero,
  awsNodeTerminationHandler,
  amazonManagedPrometheus,
  ebsCsi,
  efsCsi,
  vpcCni,
  mountpointS3Csi,
  fsxLustreCsi,
  cloudwatchObservability,
  adot,
  privatecaIssuer,
] as const;

type Definition = (typeof PRESETS)[number];

/** The settings of `D`, a preset's definition. */
type SettingsOfDefinition<D> =
  D extends PresetDefinition<infer N, infer P> ? SettingsOf<N, P> : never;

export type PresetName = Definition['name'];

/** A preset's settings as the configuration gives them, told apart by `name`. */
export type PresetSettings = SettingsOfDefinition<Definition>;

/** The settings of preset `N`. */
export type PresetSettingsOf<N extends PresetName> = Extract<PresetSettings, { readonly name: N }>;

/** A preset's definition, whatever its parameters. */
export type AnyPreset = PresetDefinition<PresetName, z.ZodRawShape>;

const BY_NAME: ReadonlyMap<string, AnyPreset> = new Map(
  (PRESETS as readonly AnyPreset[]).map((preset) => [preset.name, preset]),
);

/** The definition of preset `name`. */
export function presetNamed(name: PresetName): AnyPreset {
  const preset = BY_NAME.get(name);
  // PresetName is exactly the names of PRESETS.
  if (preset === undefined) throw new Error(`no preset ${JSON.stringify(name)}`);
  return preset;
}

export const PRESET_NAMES: readonly PresetName[] = PRESETS.map((preset) => preset.name);

/** The settings object of one preset: its name, then its parameters. */
function variant(preset: AnyPreset) {
  return settings({
    name: about(z.literal(preset.name), `The preset: ${preset.name}.`),
    ...preset.parameters,
  });
}

/** `"preset": { "name": ..., ...parameters }`, one form per preset. */
export const presetSchema = about(
  z.discriminatedUnion(
    'name',
    (PRESETS as readonly AnyPreset[]).map(variant) as unknown as [
      ReturnType<typeof variant>,
      ...ReturnType<typeof variant>[],
    ],
  ),
  "A controller's permissions by name, scoped by its parameters; with no associations, the identity is associated on every cluster with the controller's usual namespace and service account.",
) as unknown as z.ZodType<PresetSettings, unknown>;

/** The names of the parameters preset `name` takes. */
export function presetParameterNames(name: PresetName): readonly string[] {
  return Object.keys(presetNamed(name).parameters);
}

/** Where preset `name`'s controller runs. */
export function presetPlacement(name: PresetName): PresetPlacement {
  return presetNamed(name).placement;
}

/** What a preset gives its role: AWS-managed policies by name, and documents of its own. */
export interface PresetGrant {
  readonly managedPolicies: readonly string[];
  readonly documents: readonly PresetDocument[];
}

/** What preset `settings` gives a role evaluated in `context`. */
export function presetGrant(settings: PresetSettings, context: PresetContext): PresetGrant {
  // Each definition reads the settings of its own name, which `settings.name` selects.
  const preset = presetNamed(settings.name) as PresetDefinition<PresetName, z.ZodRawShape> & {
    managedPolicies(settings: PresetSettings): readonly string[];
    documents(settings: PresetSettings, context: PresetContext): readonly PresetDocument[];
  };
  return {
    managedPolicies: preset.managedPolicies(settings),
    documents: preset.documents(settings, context),
  };
}

/** An add-on of the built-in table: the preset of its role and the service accounts it associates. */
export interface PodIdentityAddon {
  readonly preset: PresetName;
  readonly namespace: string;
  readonly serviceAccounts: readonly string[];
}

/**
 * The add-ons AWS documents as Pod Identity capable (EKS user guide: "add-ons
 * that support EKS Pod Identity", the add-on pages, and
 * `aws eks describe-addon-configuration`'s podIdentityConfiguration), each
 * from its preset's `addon`.
 */
export const POD_IDENTITY_ADDONS: ReadonlyMap<string, PodIdentityAddon> = new Map(
  (PRESETS as readonly AnyPreset[]).flatMap((preset) =>
    preset.addon === undefined
      ? []
      : [
          [
            preset.addon.name,
            {
              preset: preset.name,
              namespace: preset.placement.namespace,
              serviceAccounts: preset.placement.serviceAccounts,
            },
          ] as const,
        ],
  ),
);
