import * as z from 'zod';
import { about, choice, missing, named, report, settings, stringMap } from '../core/fields';
import { kindOf } from '../core/json-value';
import * as rules from '../core/rules';
import {
  AnyPreset,
  POD_IDENTITY_ADDONS,
  presetNamed,
  presetParameterNames,
  presetSchema,
} from '../presets/catalogue';
import { awsTags } from './identities';

/**
 * EKS managed add-ons (`aws_eks_addon`), with the Pod Identity associations
 * of the ones that call AWS: an add-on of the built-in table (each preset's
 * `addon`) gets its preset's role and service accounts, so
 * `{ "name": "aws-ebs-csi-driver" }` alone creates its role and association.
 */

/**
 * Add-ons a cluster cannot run without (its networking, DNS, and Pod
 * Identity itself): by default EKS keeps their resources on the cluster when
 * Terraform deletes the add-on, so that removing one from the configuration
 * cannot take the cluster's network down.
 */
export const ESSENTIAL_ADDONS: readonly string[] = [
  'vpc-cni',
  'coredns',
  'kube-proxy',
  'eks-pod-identity-agent',
];

/** The add-on of the Pod Identity agent, which `podIdentityAgent` manages too. */
export const POD_IDENTITY_AGENT_ADDON = 'eks-pod-identity-agent';

/** The presets of the built-in add-on table, by add-on name. */
const ADDON_PRESETS: readonly (readonly [string, AnyPreset])[] = [...POD_IDENTITY_ADDONS].map(
  ([name, addon]) => [name, presetNamed(addon.preset)],
);

/**
 * A preset parameter as an add-on entry takes it: optional (the preset's
 * schema checks what it requires), described in each of its add-ons' words.
 */
function addonParameter(key: string): z.ZodType {
  const owners = ADDON_PRESETS.filter(([, preset]) => key in preset.parameters);
  const words = owners.map(([name, preset]) => {
    const { description, defaultValue } = described(preset.parameters[key] as z.ZodType);
    const defaulted =
      defaultValue === undefined ? '' : ` Default: ${JSON.stringify(defaultValue)}.`;
    return `${name}: ${description ?? ''}${defaulted}`;
  });
  return about(core(owners[0][1].parameters[key] as z.ZodType).optional(), words.join(' '));
}

/** The schema inside a field's optional, default and description wrappers. */
function core(field: z.ZodType): z.ZodType {
  if (field instanceof z.ZodOptional || field instanceof z.ZodDefault) {
    return core(field.unwrap() as z.ZodType);
  }
  return field;
}

/** A field's description and default, wherever its wrappers put them. */
function described(field: z.ZodType): { description?: string; defaultValue?: unknown } {
  let description = field.meta()?.description;
  let defaultValue: unknown;
  let current: z.ZodType = field;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
    if (current instanceof z.ZodDefault) defaultValue = current.def.defaultValue;
    current = current.unwrap() as z.ZodType;
    description ??= current.meta()?.description;
  }
  return { description, defaultValue };
}

/** The preset parameters an add-on entry may carry: those of the add-ons' presets. */
const ADDON_PARAMETERS: readonly string[] = [
  ...new Set(ADDON_PRESETS.flatMap(([, preset]) => Object.keys(preset.parameters))),
];

const addonSettings = settings({
  name: named(
    rules.addonName,
    "The add-on's name, as `aws eks describe-addon-versions` lists it. An add-on of the built-in Pod Identity table gets its role and association by itself; any other is created as a plain add-on.",
  ),
  version: named(
    rules.addonVersion,
    "Add-on version. Default: EKS's default for the cluster's Kubernetes version.",
  ).optional(),
  resolveConflictsOnCreate: about(
    choice(['OVERWRITE', 'NONE']),
    'What EKS does with an existing self-managed installation when it creates the add-on: OVERWRITE takes it over.',
  ).default('OVERWRITE'),
  resolveConflictsOnUpdate: about(
    choice(['OVERWRITE', 'PRESERVE', 'NONE']),
    'What EKS does with fields changed outside the add-on when it updates it.',
  ).default('OVERWRITE'),
  configurationValues: about(
    z
      .custom<unknown>(() => true)
      .transform((value, context): Readonly<Record<string, unknown>> => {
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          return value as Readonly<Record<string, unknown>>;
        }
        report(context, { message: `is ${kindOf(value)}, not an object`, value });
        return z.NEVER;
      })
      .meta({ type: 'object' }),
    "The add-on's configuration (its `aws eks describe-addon-configuration` schema), as a JSON object.",
  ).optional(),
  preserve: about(
    z.boolean(),
    `Keep the add-on's resources on the cluster when Terraform deletes the add-on. Default: true for ${ESSENTIAL_ADDONS.join(', ').replace(/, ([^,]*)$/, ' and $1')} (a cluster cannot run without them), false otherwise.`,
  ).optional(),
  tags: awsTags('Tags of the add-on.'),
  namespace: named(
    rules.dnsLabel,
    "Namespace of the add-on's service accounts, for an add-on outside the built-in table (the built-in ones know theirs). Default: kube-system.",
  ).optional(),
  serviceAccounts: about(
    stringMap(rules.dnsSubdomain, rules.identityName).optional(),
    'Instead of the add-on\'s own role: its service accounts mapped to identities of this configuration (`{ "ebs-csi-controller-sa": "storage" }`). Required for Pod Identity with an add-on outside the built-in table.',
  ),
  ...Object.fromEntries(ADDON_PARAMETERS.map((key) => [key, addonParameter(key)])),
});

/** The parameters given to an add-on entry, by name. */
export function addonParameters(addon: AddonSettings): Readonly<Record<string, unknown>> {
  const entries = addon as unknown as Readonly<Record<string, unknown>>;
  return Object.fromEntries(
    ADDON_PARAMETERS.filter((key) => entries[key] !== undefined).map((key) => [key, entries[key]]),
  );
}

/** What an add-on entry may hold for its add-on: parameters its preset takes, its namespace. */
function checkAddon(addon: AddonSettings, context: z.core.$RefinementCtx): void {
  const podIdentity = POD_IDENTITY_ADDONS.get(addon.name);
  const parameters = addonParameters(addon);
  const given = Object.keys(parameters);
  const takes =
    podIdentity === undefined
      ? []
      : ADDON_PARAMETERS.filter((key) => presetParameterNames(podIdentity.preset).includes(key));
  for (const key of given.filter((key) => !takes.includes(key))) {
    report(context, {
      path: [key],
      message:
        podIdentity === undefined
          ? `does not apply to add-on ${JSON.stringify(addon.name)}, which has no role of its own here`
          : `does not apply to add-on ${JSON.stringify(addon.name)} (${takes.length === 0 ? 'it takes no parameters' : `it takes ${takes.join(', ')}`})`,
    });
  }
  if (podIdentity !== undefined && addon.namespace !== undefined) {
    report(context, {
      path: ['namespace'],
      message: `does not apply to add-on ${JSON.stringify(addon.name)}, whose namespace is known (${podIdentity.namespace})`,
    });
  }
  if (podIdentity !== undefined && addon.serviceAccounts !== undefined && given.length > 0) {
    report(context, {
      path: [given[0]],
      message:
        "does not apply with serviceAccounts: the identities' own settings give the permissions",
    });
  }
  if (podIdentity !== undefined && addon.serviceAccounts === undefined) {
    // The add-on's role is its preset's: a parameter its preset requires must be given.
    const checked = presetSchema.safeParse(
      { name: podIdentity.preset, ...parameters },
      {
        error: (issue) =>
          issue.code === 'invalid_type' && issue.input === undefined
            ? missing(issue.inst as z.core.$ZodType)
            : undefined,
      },
    );
    for (const issue of checked.success ? [] : checked.error.issues) {
      if (issue.code === 'invalid_type' && issue.input === undefined) {
        report(context, { path: issue.path, message: issue.message });
      }
    }
  }
}

export const addon = addonSettings.superRefine((value, context) =>
  checkAddon(value as AddonSettings, context),
);

/** An add-on entry as written, its defaults applied. */
export type AddonSettings = z.output<typeof addonSettings>;
