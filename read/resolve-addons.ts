import { Problems } from '../check/problems';
import { show } from '../core/json-value';
import { derived, describe as describeOrigin, field, Origin } from '../core/origin';
import {
  addonParameters,
  AddonSettings,
  ESSENTIAL_ADDONS,
  POD_IDENTITY_AGENT_ADDON,
} from '../model/addons';
import { defaultRoleName } from '../model/identities';
import {
  Addon,
  AddonPodIdentity,
  Association,
  Cluster,
  Identity,
  PodIdentityAgent,
} from '../model/model';
import { POD_IDENTITY_ADDONS, PresetSettings, presetSchema } from '../presets/catalogue';
import { Lenient, present } from './lenient';
import { agentOf, kubernetesAuthOf, ListedCluster, podIdentityAgentOf } from './resolve-clusters';
import { presetArns, ResolvedIdentity } from './resolve-identities';

/** The clusters with their add-ons, and the identities with the add-ons' associations. */
export interface ResolvedAddons {
  readonly clusters: readonly Cluster[];
  readonly identities: readonly ResolvedIdentity[];
}

/**
 * Each cluster's add-ons, with their Pod Identity associations: to the
 * add-on's own role (one per add-on name, reused on every cluster, Pod
 * Identity's point) or to the identities `serviceAccounts` names. Each
 * association joins its identity's, so that the duplicate checks and
 * narrowed trust policies see it.
 */
export function resolveAddons(
  clusters: readonly ListedCluster[],
  identities: readonly ResolvedIdentity[],
  problems: Problems,
): ResolvedAddons {
  const names = identities.map((entry) => entry.identity.name);
  const gathered = new Map<string, Association[]>();
  const own = new Map<string, { identity: Identity; parameters: string; origin: Origin }>();
  const associate = (identity: string, association: Association) =>
    gathered.set(identity, [...(gathered.get(identity) ?? []), association]);

  const resolvedClusters = clusters.map((cluster): Cluster => {
    let agent = podIdentityAgentOf(cluster);
    const addons: Addon[] = [];
    for (const [settings, index] of present(cluster.settings?.addons ?? [])) {
      const origin = field(cluster.origin, 'addons', index);
      if (settings.name === POD_IDENTITY_AGENT_ADDON) {
        agent = agentFromAddon(settings, origin, cluster, agent, problems);
        continue;
      }
      const podIdentity: AddonPodIdentity[] = [];
      const table = POD_IDENTITY_ADDONS.get(settings.name);
      const namespace = settings.namespace ?? table?.namespace ?? 'kube-system';
      const join = (serviceAccount: string, identity: string, at: Origin) => {
        podIdentity.push({ serviceAccount, identity });
        associate(identity, {
          cluster: cluster.name,
          namespace,
          serviceAccount,
          origin: at,
          tags: {},
          kubernetes: undefined,
          addon: settings.name,
        });
      };
      if (settings.serviceAccounts !== undefined) {
        for (const [serviceAccount, identity] of Object.entries(settings.serviceAccounts)) {
          const at = field(origin, 'serviceAccounts', serviceAccount);
          if (table !== undefined && !table.serviceAccounts.includes(serviceAccount)) {
            problems.addField(
              at,
              `is not a service account of add-on ${show(settings.name)} (its: ${table.serviceAccounts.join(', ')})`,
            );
          } else if (!names.includes(identity)) {
            problems.add(
              at,
              identity,
              `is not a configured identity (configured: ${names.join(', ') || 'none'})`,
            );
          } else {
            join(serviceAccount, identity, at);
          }
        }
      } else if (table !== undefined) {
        const given = addonParameters(settings as AddonSettings);
        const parameters = JSON.stringify(given);
        const first = own.get(settings.name);
        if (first === undefined) {
          own.set(settings.name, {
            identity: addonIdentity(settings.name, { name: table.preset, ...given }, origin),
            parameters,
            origin,
          });
        } else if (first.parameters !== parameters) {
          problems.addField(
            origin,
            `has other parameters than ${describeOrigin(first.origin)} (${parameters} and ${first.parameters}): one role serves the add-on on every cluster, so give both the same, or map its service accounts to identities with serviceAccounts`,
          );
        }
        for (const serviceAccount of table.serviceAccounts) {
          join(serviceAccount, `addon-${settings.name}`, origin);
        }
      }
      addons.push({
        name: settings.name,
        origin,
        version: settings.version,
        resolveConflictsOnCreate: settings.resolveConflictsOnCreate,
        resolveConflictsOnUpdate: settings.resolveConflictsOnUpdate,
        configurationValues:
          settings.configurationValues === undefined
            ? undefined
            : JSON.stringify(settings.configurationValues),
        preserve: settings.preserve ?? ESSENTIAL_ADDONS.includes(settings.name),
        tags: settings.tags,
        namespace,
        podIdentity,
      });
    }
    return {
      name: cluster.name,
      origin: cluster.origin,
      podIdentityAgent: agent,
      kubernetesAuth: kubernetesAuthOf(cluster),
      oidcProviderArn: cluster.settings?.oidcProviderArn,
      addons,
    };
  });

  const all: ResolvedIdentity[] = [
    ...identities,
    ...[...own.values()].map((entry) => ({
      identity: entry.identity,
      associationsListed: true,
      migratesFromIrsa: false,
    })),
  ];
  return {
    clusters: resolvedClusters,
    identities: all.map((entry) => {
      const extra = gathered.get(entry.identity.name);
      if (extra === undefined) return entry;
      return {
        ...entry,
        identity: { ...entry.identity, associations: [...entry.identity.associations, ...extra] },
        associationsListed: true,
      };
    }),
  };
}

/** The agent as an add-on entry: the cluster runs one, so it is named once. */
function agentFromAddon(
  settings: Lenient<AddonSettings>,
  origin: Origin,
  cluster: ListedCluster,
  agent: PodIdentityAgent | undefined,
  problems: Problems,
): PodIdentityAgent | undefined {
  if (podIdentityAgentOf(cluster) !== undefined) {
    problems.add(
      field(origin, 'name'),
      settings.name,
      `is the add-on ${describeOrigin(field(cluster.origin, 'podIdentityAgent'))} manages already: EKS runs one per cluster, so keep one of the two`,
    );
    return agent;
  }
  if (agent !== undefined) {
    problems.add(
      field(origin, 'name'),
      settings.name,
      'is listed more than once: each add-on of a cluster must be unique',
    );
    return agent;
  }
  return agentOf(settings.version, settings.resolveConflictsOnUpdate);
}

/** An identity of the add-on's own: its role has the add-on's preset, nothing else. */
function addonIdentity(addon: string, given: Record<string, unknown>, origin: Origin): Identity {
  const name = `addon-${addon}`;
  // Through the preset's own schema, so that its defaults apply (vpc-cni's ipFamily).
  const checked = presetSchema.safeParse(given);
  const settings = checked.success ? checked.data : (given as unknown as PresetSettings);
  return {
    name,
    origin,
    role: {
      kind: 'created',
      arn: undefined,
      adoption: undefined,
      name: defaultRoleName(name),
      namePrefix: undefined,
      nameOrigin: derived(origin, "the add-on's role name"),
      path: undefined,
      description: undefined,
      permissionsBoundary: undefined,
      maxSessionDuration: undefined,
      tags: {},
    },
    preset: { settings, origin },
    s3: { access: 'none' },
    managedPolicyArns: [],
    statements: [],
    trust: { sourceAccount: false, restrictToAssociations: false },
    associations: [],
    irsa: undefined,
    arns: presetArns(settings, origin),
  };
}
