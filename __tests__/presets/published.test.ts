import { ACCOUNT_ID_STAND_IN } from '../../core/iam';
import {
  PRESET_NAMES,
  presetGrant,
  presetNamed,
  PresetName,
  presetSchema,
  PresetSettings,
} from '../../presets/catalogue';
import { PresetContext } from '../../presets/preset';
import {
  declared,
  differences,
  Differences,
  Grants,
  managedPolicies,
  presetGrants,
  publishedGrants,
  publishedPolicies,
  Run,
  union,
} from '../support/published-policies';

/**
 * Each preset equals the policy its controller publishes at the pinned
 * release (recorded in presets/published/), AWS-managed policies read as
 * their documents, except where its `deviations` say otherwise: an
 * undeclared difference fails, and so does a declaration that no longer
 * differs. Each run renders the preset with settings and compares it with
 * the published form for those settings.
 */

/**
 * Where the presets are rendered: the placeholders of the published
 * documents (`${AWS::AccountId}`, `${ClusterName}`, ...) take these values in
 * each file's runs.
 */
const CONTEXT: PresetContext = {
  partition: 'aws',
  region: 'us-east-1',
  accountId: ACCOUNT_ID_STAND_IN,
  clusters: ['my-cluster'],
};

function rendered(name: PresetName, run: Run): Grants {
  const settings = presetSchema.parse({ name, ...run.settings }) as PresetSettings;
  const grant = presetGrant(settings, CONTEXT);
  return presetGrants(
    grant.managedPolicies,
    grant.documents.flatMap((document) => document.statements),
  );
}

function compared(name: PresetName, run: Run): Differences {
  const published = publishedPolicies(name).variants[run.variant ?? 'default'];
  if (published === undefined) throw new Error(`${name} has no published variant ${run.variant}`);
  return differences(rendered(name, run), publishedGrants(published, run.placeholders ?? {}));
}

/** What `found` holds that `allowed` does not, kind by kind. */
function beyond(found: Differences, allowed: Differences): Differences {
  const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));
  return {
    adds: minus(found.adds, allowed.adds),
    removes: minus(found.removes, allowed.removes),
    scopes: minus(found.scopes, allowed.scopes),
  };
}

const NONE: Differences = { adds: [], removes: [], scopes: [] };

describe.each(PRESET_NAMES)('preset %s against its published policy', (name) => {
  const { runs } = publishedPolicies(name);
  const found = union(runs.map((run) => compared(name, run)));
  const declaredDifferences = declared(presetNamed(name).source.deviations);

  test('differs only where its deviations say', () => {
    expect(beyond(found, declaredDifferences)).toEqual(NONE);
  });

  test('declares no difference that is not there', () => {
    expect(beyond(declaredDifferences, found)).toEqual(NONE);
  });
});

describe('the comparison', () => {
  test('fails on an action a preset grants that neither the published policy nor a deviation has', () => {
    // GIVEN external-dns as it is, and one that also deletes hosted zones
    const run: Run = { settings: {} };
    const published = publishedGrants(publishedPolicies('external-dns').variants.default, {});
    const grown = new Map(rendered('external-dns', run));
    grown.set('route53:deletehostedzone', new Set(['* []']));

    // THEN only the second differs, by the action it adds
    expect(differences(rendered('external-dns', run), published)).toEqual(NONE);
    expect(
      beyond(
        differences(grown, published),
        declared(presetNamed('external-dns').source.deviations),
      ),
    ).toEqual({ adds: ['route53:deletehostedzone'], removes: [], scopes: [] });
  });

  test('counts an AWS-managed policy as its document', () => {
    // AmazonEBSCSIDriverPolicy (V1) changes any volume; V2 only volumes tagged for the driver.
    const v1 = compared('ebs-csi', { settings: { policy: 'v1' } });
    expect(v1.scopes).toContain('ec2:deletevolume');
  });
});

describe('AWS-managed policies', () => {
  test('every one a preset attaches exists in IAM at the path the preset writes', () => {
    const recorded = managedPolicies();
    const attached = PRESET_NAMES.flatMap((name) =>
      publishedPolicies(name).runs.flatMap((run) => {
        const settings = presetSchema.safeParse({ name, ...run.settings });
        return settings.success ? presetGrant(settings.data, CONTEXT).managedPolicies : [];
      }),
    );
    expect([...new Set(attached)].filter((policy) => recorded[policy] === undefined)).toEqual([]);
  });
});
