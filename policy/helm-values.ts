import { toYaml, YamlValue } from '../core/yaml';
import { Association, Identity, Model } from '../model/model';
import { presetNamed } from '../presets/catalogue';
import { PresetChart } from '../presets/preset';
import { IRSA_ROLE_ANNOTATION, irsaRoleArn } from './trust-policy';

/**
 * The Helm values that make a controller's chart agree with its role: the
 * service account the association maps (its name, created, with no IRSA
 * annotation), the image of the preset's release when no chart ships it,
 * and what the preset's scoping parameters require of the controller (its
 * hosted zones, its cluster, its queue, ...). One file per identity with a
 * preset and cluster it is associated on, which `cdktf synth` writes to
 * `helm-values/<cluster>/<identity>.yaml` in its output folder, and the AWS
 * stack gives as an output per cluster.
 */
export interface HelmValuesFile {
  readonly cluster: string;
  readonly identity: string;
  /** `helm-values/<cluster>/<identity>.yaml`, relative to the synth output folder. */
  readonly path: string;
  readonly chart: PresetChart;
  /** Where the controller runs: the association's namespace and service account. */
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The values as YAML, with a header that says what they are for and how to install. */
  readonly yaml: string;
}

/** The values file of every identity with a preset, on every cluster it is associated on. */
export function helmValuesFiles(model: Model): HelmValuesFile[] {
  return model.clusters.flatMap((cluster) =>
    model.identities.flatMap((identity) => {
      const file = valuesFile(identity, cluster.name, model);
      return file === undefined ? [] : [file];
    }),
  );
}

/** The synth output folder, as `-f` names a values file from the project folder. */
export const OUTPUT_FOLDER = 'cdktf.out';

/** The folder of the synth output that holds the values files. */
export const HELM_VALUES_FOLDER = 'helm-values';

function valuesFile(identity: Identity, cluster: string, model: Model): HelmValuesFile | undefined {
  if (identity.preset === undefined) return undefined;
  const preset = presetNamed(identity.preset.settings.name);
  const chart = preset.chart;
  // An EKS add-on's own associations: EKS installs the add-on and its service accounts.
  const own = identity.associations.filter((a) => a.cluster === cluster && a.addon === undefined);
  if ('none' in chart || own.length === 0) return undefined;
  const [association] = own;
  const scoping = preset.values?.(identity.preset.settings, {
    cluster,
    region: model.region,
    partition: model.partition,
  });
  let values: Record<string, YamlValue> = {};
  values = withValue(values, chart.serviceAccount.name, association.serviceAccount);
  if (chart.serviceAccount.create !== undefined) {
    values = withValue(values, chart.serviceAccount.create, true);
  }
  // While the identity migrates from IRSA, pods not yet restarted still read the annotation.
  const irsaArn = identity.irsa?.some((t) => t.cluster === cluster)
    ? irsaRoleArn(identity, model.partition)
    : undefined;
  if (chart.serviceAccount.annotations !== undefined) {
    // null removes the key from what the chart or an earlier values file sets.
    values = withValue(values, chart.serviceAccount.annotations, {
      [IRSA_ROLE_ANNOTATION]: irsaArn ?? null,
    });
  }
  if (chart.image !== undefined) values = withValue(values, chart.image.key, chart.image.tag);
  for (const [key, value] of Object.entries(scoping?.values ?? {})) {
    values = withValue(values, key, value);
  }
  const path = `${HELM_VALUES_FOLDER}/${cluster}/${identity.name}.yaml`;
  const header = [
    `Helm values for identity "${identity.name}" on cluster "${cluster}": the ${preset.name} preset (${preset.source.controller} ${preset.source.release}).`,
    'Written by cdktf synth from the configuration: change the configuration, not this file.',
    '',
    `helm upgrade --install ${chart.releaseName} ${chartReference(chart)} --version ${chart.version} \\`,
    `  --namespace ${association.namespace} --create-namespace -f ${OUTPUT_FOLDER}/${path}`,
    '',
    `The association maps ${association.namespace}/${association.serviceAccount} to the role: the chart creates that service account`,
    irsaArn === undefined
      ? `with no ${IRSA_ROLE_ANNOTATION} annotation (null removes one another values file sets).`
      : `with its ${IRSA_ROLE_ANNOTATION} annotation while the identity migrates from IRSA (migrateFromIrsa).`,
    ...otherAssociations(own),
    ...(scoping?.notes ?? []),
  ];
  return {
    cluster,
    identity: identity.name,
    path,
    chart,
    namespace: association.namespace,
    serviceAccount: association.serviceAccount,
    yaml: toYaml(values, header),
  };
}

/** How `helm` names the chart: an OCI reference, or the chart in its repository. */
export function chartReference(chart: PresetChart): string {
  return chart.repository.startsWith('oci://')
    ? chart.repository
    : `${chart.name} --repo ${chart.repository}`;
}

/** A line for associations of the identity on the cluster that the values do not name. */
function otherAssociations(own: readonly Association[]): string[] {
  if (own.length <= 1) return [];
  const others = own.slice(1).map((a) => `${a.namespace}/${a.serviceAccount}`);
  return [`Also associated here, not set by these values: ${others.join(', ')}.`];
}

/** `values` with `value` at a dotted key (`controller.serviceAccount.name`), objects merged. */
function withValue(
  values: Readonly<Record<string, YamlValue>>,
  dotted: string,
  value: YamlValue,
): Record<string, YamlValue> {
  const [head, ...rest] = dotted.split('.');
  if (rest.length > 0) {
    const inner = values[head];
    const nested = isMapping(inner) ? inner : {};
    return { ...values, [head]: withValue(nested, rest.join('.'), value) };
  }
  const current = values[head];
  return {
    ...values,
    [head]: isMapping(current) && isMapping(value) ? { ...current, ...value } : value,
  };
}

function isMapping(value: YamlValue | undefined): value is Readonly<Record<string, YamlValue>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
