import { actionsOf as serviceActions, unknownAction } from '../../core/iam-actions';
import { AwsPartition } from '../../core/partition';
import { PresetName, presetNamed, PresetSettingsOf } from '../../presets/catalogue';
import * as rules from '../../core/rules';
import { IamStatement, managedPolicyArn, policyLength } from '../../core/iam';
import { PresetContext, PresetDocument } from '../../presets/preset';
import {
  actionsOf,
  CONTEXT,
  contextIn,
  examples,
  LONGEST_CLUSTER,
  PARTITION_REGIONS,
} from './fixtures';

/**
 * What every preset must satisfy, whatever its controller: actions AWS has,
 * documents IAM accepts (size, Sids, descriptions, conditions), managed
 * policy ARNs that resolve in every partition, ARNs built in the context's
 * partition, and a source pinned to the release it was written from.
 */

function documentsOf<N extends PresetName>(
  name: N,
  settings: PresetSettingsOf<N>,
  context: PresetContext = CONTEXT,
): readonly PresetDocument[] {
  return presetNamed(name).documents(settings, context);
}

const statementsOf = (documents: readonly PresetDocument[]): IamStatement[] =>
  documents.flatMap((d) => [...d.statements]);

/** The settings with their ARNs moved to `partition`, as a configuration there would give them. */
function inPartition<T>(settings: T, partition: AwsPartition): T {
  return JSON.parse(JSON.stringify(settings).replaceAll('arn:aws:', `arn:${partition}:`)) as T;
}

const table = examples().flatMap(([name, { defaults, withParameters }]) => [
  [name, 'defaults', defaults] as const,
  [name, 'with parameters', withParameters] as const,
]);

describe.each(table)('preset %s (%s)', (name, _case, settings) => {
  const documents = documentsOf(name, settings);

  test('every action is one AWS has, and every wildcard matches at least one', () => {
    const actions = actionsOf(documents);
    expect(actions.filter((a) => unknownAction(a) !== undefined)).toEqual([]);
    for (const action of actions.filter((a) => /[*?]/.test(a))) {
      const [service, pattern] = action.split(':');
      const regex = new RegExp(`^${pattern.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
      expect((serviceActions(service) ?? []).filter((a) => regex.test(a)).length).toBeGreaterThan(
        0,
      );
    }
  });

  test.each(PARTITION_REGIONS)(
    'every document fits 6,144 characters in %s',
    (partition, region) => {
      for (const document of documentsOf(
        name,
        inPartition(settings, partition),
        contextIn(partition, region),
      )) {
        expect(policyLength(document.statements)).toBeLessThanOrEqual(6144);
      }
    },
  );

  test('documents have unique ids, descriptions IAM accepts, and valid Sids, actions, resources and conditions', () => {
    const ids = documents.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const document of documents) {
      expect(document.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(rules.follows(rules.iamDescription, document.description)).toBe(true);
      expect(document.statements.length).toBeGreaterThan(0);
      const sids = document.statements.map((s) => s.sid);
      expect(
        sids.every((sid) => sid !== undefined && rules.follows(rules.iamStatementSid, sid)),
      ).toBe(true);
      expect(new Set(sids).size).toBe(sids.length);
      for (const statement of document.statements) {
        expect(statement.effect).toBe('Allow');
        expect(statement.actions.length).toBeGreaterThan(0);
        expect(statement.actions.every((a) => rules.follows(rules.iamAction, a))).toBe(true);
        expect(statement.resources?.length).toBeGreaterThan(0);
        expect(statement.resources?.every((r) => rules.follows(rules.iamResource, r))).toBe(true);
        for (const condition of statement.conditions ?? []) {
          expect(rules.follows(rules.iamConditionOperator, condition.test)).toBe(true);
          expect(rules.follows(rules.iamConditionKey, condition.variable)).toBe(true);
          expect(condition.values.length).toBeGreaterThan(0);
        }
        // Two conditions of one operator on one key would overwrite each other in the document.
        const keys = (statement.conditions ?? []).map((c) => `${c.test} ${c.variable}`);
        expect(new Set(keys).size).toBe(keys.length);
      }
    }
  });

  test.each(PARTITION_REGIONS)('builds every ARN in the partition of %s', (partition, region) => {
    const context = contextIn(partition, region);
    const built = statementsOf(documentsOf(name, inPartition(settings, partition), context));
    const arns = built
      .flatMap((s) => [...(s.resources ?? []), ...(s.conditions ?? []).flatMap((c) => c.values)])
      .filter((value) => value.startsWith('arn:'));
    expect(arns.filter((arn) => !arn.startsWith(`arn:${partition}:`))).toEqual([]);
  });

  test.each(PARTITION_REGIONS)(
    'attaches managed policies whose ARNs are well formed in %s',
    (partition) => {
      for (const policy of presetNamed(name).managedPolicies(settings)) {
        expect(policy).toMatch(/^(?:service-role\/)?[A-Za-z0-9_+=,.@-]{1,128}$/);
        const arn = managedPolicyArn(partition, policy);
        expect(arn).toBe(`arn:${partition}:iam::aws:policy/${policy}`);
        expect(rules.follows(rules.managedPolicyArn, arn)).toBe(true);
      }
    },
  );

  test('grants something: a managed policy or a document', () => {
    const managed = presetNamed(name).managedPolicies(settings);
    expect(managed.length + documents.length).toBeGreaterThan(0);
    expect(new Set(managed).size).toBe(managed.length);
  });

  test('matches its snapshot', () => {
    expect({
      managedPolicies: presetNamed(name).managedPolicies(settings),
      documents,
    }).toMatchSnapshot();
  });
});

describe.each(examples().map(([name]) => name))('source of preset %s', (name) => {
  const source = presetNamed(name).source;

  test('names the controller, the release and what to compare', () => {
    expect(source.controller.trim()).not.toBe('');
    expect(source.release.trim()).not.toBe('');
    expect(source.compare.trim()).not.toBe('');
    for (const deviation of source.deviations) {
      expect(deviation.why.trim()).not.toBe('');
      expect(deviation.actions.length).toBeGreaterThan(0);
    }
    expect(source.limits.every((limit) => limit.trim() !== '')).toBe(true);
  });

  test('points at the document pinned to its release tag or to a commit', () => {
    expect(source.url).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(?:blob|tree)\//);
    const pinnedToTag =
      source.url.includes(`/${source.release}/`) || /\/v?\d+\.\d+\.\d+\//.test(source.url);
    const pinnedToCommit = /\/(?:blob|tree)\/[0-9a-f]{40}\//.test(source.url);
    expect(pinnedToTag || pinnedToCommit).toBe(true);
  });
});

test('the longest cluster name EKS allows is the one the size tests use', () => {
  expect(LONGEST_CLUSTER).toHaveLength(100);
  expect(rules.follows(rules.eksClusterName, LONGEST_CLUSTER)).toBe(true);
});
