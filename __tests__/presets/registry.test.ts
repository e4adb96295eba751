import { POD_IDENTITY_ADDONS, PRESET_NAMES, presetNamed, PRESETS } from '../../presets/catalogue';
import { EXAMPLES } from './fixtures';

describe('the catalogue of presets', () => {
  test('names every preset once, each with its own source', () => {
    expect(PRESET_NAMES).toHaveLength(17);
    expect(new Set(PRESET_NAMES).size).toBe(PRESET_NAMES.length);
    const urls = PRESETS.map((preset) => preset.source.url);
    expect(new Set(urls).size).toBe(PRESET_NAMES.length);
    for (const name of PRESET_NAMES) expect(presetNamed(name).name).toBe(name);
  });

  test('every preset is in the examples the table-driven tests run', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...PRESET_NAMES].sort());
  });

  test("derives the add-on table from the presets' add-ons", () => {
    expect([...POD_IDENTITY_ADDONS.keys()]).toEqual([
      'aws-ebs-csi-driver',
      'aws-efs-csi-driver',
      'vpc-cni',
      'aws-mountpoint-s3-csi-driver',
      'aws-fsx-csi-driver',
      'amazon-cloudwatch-observability',
      'adot',
      'aws-privateca-connector-for-kubernetes',
    ]);
    expect(POD_IDENTITY_ADDONS.get('adot')).toEqual({
      preset: 'adot',
      namespace: 'opentelemetry-operator-system',
      serviceAccounts: ['adot-col-prom-metrics', 'adot-col-otlp-ingest', 'adot-col-container-logs'],
    });
    expect(POD_IDENTITY_ADDONS.get('aws-ebs-csi-driver')).toEqual({
      preset: 'ebs-csi',
      namespace: 'kube-system',
      serviceAccounts: ['ebs-csi-controller-sa'],
    });
  });
});
