import { AssociationChange, PodIdentityAssociation } from '../../support/eks-double/associations';
import {
  CredentialTimeline,
  RoleState,
  TimelineChange,
  TimelineRecorder,
  WatchedServiceAccount,
} from '../../support/eks-double/timeline';
import { ACCOUNT, FakeClock, POD_IDENTITY_STATEMENT, REGION } from './fakes';

/**
 * The credential timeline on its own: changes made up by the test, a clock
 * it moves, no store and no moto. Each case starts from one association,
 * `a-1`, of demo apps/reader naming role `app-a`, which trusts Pod Identity,
 * and watches that service account (and others where it says so).
 */

const CLUSTER = 'demo';
const reader: WatchedServiceAccount = {
  cluster: CLUSTER,
  namespace: 'apps',
  serviceAccount: 'reader',
};
const writer: WatchedServiceAccount = {
  cluster: CLUSTER,
  namespace: 'apps',
  serviceAccount: 'writer',
};
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const TRUSTING = JSON.stringify({ Version: '2012-10-17', Statement: [POD_IDENTITY_STATEMENT] });
/** Allows sts:AssumeRole only: EKS Pod Identity also needs sts:TagSession. */
const NARROWED = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ ...POD_IDENTITY_STATEMENT, Action: 'sts:AssumeRole' }],
});
const role = (name: string, trustPolicy = TRUSTING): RoleState => ({
  roleArn: roleArn(name),
  trustPolicy,
});

function association(
  id: string,
  serviceAccount: string,
  roleName: string,
  extra: Partial<PodIdentityAssociation> = {},
): PodIdentityAssociation {
  return {
    associationArn: `arn:aws:eks:${REGION}:${ACCOUNT}:podidentityassociation/${CLUSTER}/${id}`,
    associationId: id,
    clusterName: CLUSTER,
    namespace: 'apps',
    serviceAccount,
    roleArn: roleArn(roleName),
    disableSessionTags: false,
    createdAt: 0,
    modifiedAt: 0,
    tags: {},
    ...extra,
  };
}

const a1 = association('a-1', 'reader', 'app-a');

const eks = (
  kind: AssociationChange['kind'],
  changed: PodIdentityAssociation,
  previousRoleArn?: string,
): TimelineChange => ({
  association: {
    kind,
    region: REGION,
    association: changed,
    ...(previousRoleArn !== undefined && { previousRoleArn }),
  },
});
const roleCreated = (name: string, trustPolicy = TRUSTING): TimelineChange => ({
  role: { kind: 'created', roleName: name, roleArn: roleArn(name), trustPolicy },
});
const trustUpdated = (name: string, trustPolicy: string): TimelineChange => ({
  role: { kind: 'trust-updated', roleName: name, trustPolicy },
});
const roleDeleted = (name: string): TimelineChange => ({
  role: { kind: 'deleted', roleName: name },
});

let clock: FakeClock;

beforeEach(() => {
  clock = new FakeClock(0);
});

/** GIVEN a-1 (reader → app-a), app-a and whatever `roles` adds, watching `watched`. */
function timeline(
  watched: readonly WatchedServiceAccount[] = [reader],
  roles: readonly RoleState[] = [],
  associations: readonly PodIdentityAssociation[] = [a1],
): CredentialTimeline {
  return new CredentialTimeline({
    watched,
    associations,
    roles: [role('app-a'), ...roles],
    clock: clock.now,
  });
}

/** Moves the clock by `ms`, then records one operation's changes. */
function at(t: CredentialTimeline, ms: number, ...changes: TimelineChange[]): void {
  clock.advance(ms);
  t.record(changes);
}

describe('credentials at the start', () => {
  it('has them with an association whose role exists and trusts Pod Identity', () => {
    const [report] = timeline().stop().serviceAccounts;
    expect(report).toMatchObject({
      credentialsAtStart: true,
      atStart: 'association a-1 names role app-a, which trusts Pod Identity',
      credentialsAtEnd: true,
      intervals: [],
    });
  });

  it.each([
    ['no association', [], [role('app-a')], 'no association for demo apps/reader'],
    [
      'a role that does not exist',
      [a1],
      [],
      `association a-1 names role ${roleArn('app-a')}, which does not exist`,
    ],
    [
      'a role of that name under another path',
      [a1],
      [{ roleArn: `arn:aws:iam::${ACCOUNT}:role/other/app-a`, trustPolicy: TRUSTING }],
      `association a-1 names role ${roleArn('app-a')}, which does not exist`,
    ],
    [
      'a trust policy without sts:TagSession',
      [a1],
      [role('app-a', NARROWED)],
      'association a-1 names role app-a, whose trust policy does not allow ' +
        'pods.eks.amazonaws.com sts:AssumeRole and sts:TagSession',
    ],
  ])('has none with %s', (_, associations, roles, why) => {
    const report = new CredentialTimeline({
      watched: [reader],
      associations,
      roles,
      clock: clock.now,
    }).stop();
    expect(report.serviceAccounts[0]).toMatchObject({ credentialsAtStart: false, atStart: why });
    expect(report.gaps).toEqual([]);
  });

  it('counts an association in the watched region only when a region is given', () => {
    const elsewhere = association('a-9', 'reader', 'app-a', {
      associationArn: `arn:aws:eks:eu-west-1:${ACCOUNT}:podidentityassociation/${CLUSTER}/a-9`,
    });
    const report = timeline(
      [reader, { ...reader, region: 'eu-west-1' }, { ...reader, region: 'us-west-2' }],
      [],
      [elsewhere],
    ).stop();
    expect(report.serviceAccounts.map((s) => s.credentialsAtStart)).toEqual([true, true, false]);
  });
});

describe('credential gaps', () => {
  it('opens one when the association is deleted, and it stays open to the stop', () => {
    const t = timeline();
    at(t, 100, eks('deleted', a1));
    clock.advance(250);
    const report = t.stop();
    expect(report.gaps).toEqual([
      {
        serviceAccount: reader,
        start: 100,
        end: 350,
        lengthMs: 250,
        open: true,
        cause: 'no association for demo apps/reader',
        openedBy: [
          {
            at: 100,
            change: eks('deleted', a1),
            description: 'association a-1 (demo apps/reader) deleted',
          },
        ],
        closedBy: [],
      },
    ]);
    expect(report.serviceAccounts[0]).toMatchObject({
      credentialsAtEnd: false,
      atEnd: 'no association for demo apps/reader',
    });
  });

  it('closes it when the association is created again, with its length', () => {
    const t = timeline();
    const again = association('a-2', 'reader', 'app-a');
    at(t, 100, eks('deleted', a1));
    at(t, 40, eks('created', again));
    clock.advance(500);
    const [gap] = t.stop().gaps;
    expect(gap).toMatchObject({ start: 100, end: 140, lengthMs: 40, open: false });
    expect(gap.closedBy.map((e) => e.description)).toEqual([
      'association a-2 created: demo apps/reader → role app-a',
    ]);
  });

  it('opens one when the role is deleted while the association still names it', () => {
    const t = timeline();
    at(t, 10, roleDeleted('app-a'));
    const [gap] = t.stop().gaps;
    expect(gap.openedBy.map((e) => e.description)).toEqual([
      'role app-a deleted while association a-1 still names it',
    ]);
    expect(gap.cause).toBe(`association a-1 names role ${roleArn('app-a')}, which does not exist`);
  });

  it('opens one when the trust policy is narrowed, and closes it when it is widened again', () => {
    const t = timeline();
    at(t, 10, trustUpdated('app-a', NARROWED));
    at(t, 30, trustUpdated('app-a', TRUSTING));
    const report = t.stop();
    expect(report.gaps).toHaveLength(1);
    expect(report.gaps[0]).toMatchObject({ start: 10, end: 40, lengthMs: 30, open: false });
    expect(report.gaps[0].openedBy[0].description).toBe(
      'trust policy of role app-a updated (named by association a-1): it no longer allows ' +
        'pods.eks.amazonaws.com sts:AssumeRole and sts:TagSession',
    );
    expect(report.gaps[0].closedBy[0].description).toBe(
      'trust policy of role app-a updated (named by association a-1): it allows ' +
        'pods.eks.amazonaws.com sts:AssumeRole and sts:TagSession',
    );
  });

  it('closes one opened by a role deletion when a role of that name is created again', () => {
    const t = timeline();
    at(t, 10, roleDeleted('app-a'));
    at(t, 5, roleCreated('app-a'));
    expect(t.stop().gaps[0]).toMatchObject({ lengthMs: 5, open: false });
  });

  it('reports every gap of a service account, in order', () => {
    const t = timeline();
    at(t, 10, roleDeleted('app-a'));
    at(t, 10, roleCreated('app-a'));
    at(t, 10, eks('deleted', a1));
    const report = t.stop();
    expect(report.gaps.map((g) => [g.start, g.end, g.open])).toEqual([
      [10, 20, false],
      [30, 30, true],
    ]);
  });
});

describe('no credential gap', () => {
  it('when the association switches in place to another role that exists and trusts Pod Identity, and the first role is deleted', () => {
    const t = timeline([reader], [role('app-b')]);
    const switched = association('a-1', 'reader', 'app-b');
    at(t, 10, eks('role-changed', switched, roleArn('app-a')));
    at(t, 10, roleDeleted('app-a'));
    const report = t.stop();
    expect(report.gaps).toEqual([]);
    expect(report.serviceAccounts[0]).toMatchObject({
      credentialsAtEnd: true,
      atEnd: 'association a-1 names role app-b, which trusts Pod Identity',
    });
    expect(report.events.map((e) => e.description)).toEqual([
      'association a-1 (demo apps/reader) switched from role app-a to role app-b',
      'role app-a deleted',
    ]);
  });

  it('when an operation replaces an association with another for the same service account (one batch)', () => {
    const owner = `arn:aws:eks:${REGION}:${ACCOUNT}:addon/${CLUSTER}/vpc-cni/u`;
    const owned = association('a-1', 'reader', 'app-a', { ownerArn: owner });
    const t = timeline([reader], [role('app-b')], [owned]);
    at(
      t,
      10,
      eks('deleted', owned),
      eks('created', association('a-2', 'reader', 'app-b', { ownerArn: owner })),
    );
    const report = t.stop();
    expect(report.gaps).toEqual([]);
    expect(report.events.map((e) => e.description)).toEqual([
      'association a-1 (add-on vpc-cni) (demo apps/reader) deleted',
      'association a-2 (add-on vpc-cni) created: demo apps/reader → role app-b',
    ]);
  });

  it('for a new service account that never had credentials', () => {
    const t = timeline([reader, writer], [role('app-w', NARROWED)]);
    const w = association('a-2', 'writer', 'app-w');
    at(t, 10, eks('created', w));
    const report = t.stop();
    expect(report.gaps).toEqual([]);
    expect(report.serviceAccounts[1]).toMatchObject({
      credentialsAtStart: false,
      credentialsAtEnd: false,
      intervals: [],
    });
  });

  it('for a new service account that got credentials and lost them again, though its interval is reported', () => {
    const t = timeline([reader, writer], [role('app-w')]);
    const w = association('a-2', 'writer', 'app-w');
    at(t, 10, eks('created', w));
    at(t, 10, eks('deleted', w));
    const report = t.stop();
    expect(report.gaps).toEqual([]);
    expect(report.serviceAccounts[1].intervals).toMatchObject([{ start: 20, open: true }]);
  });

  it('when changes concern other service accounts and roles', () => {
    const t = timeline([reader], [role('other')]);
    at(t, 10, trustUpdated('other', NARROWED), roleDeleted('other'));
    at(t, 10, eks('created', association('a-3', 'writer', 'app-a')));
    expect(t.stop().gaps).toEqual([]);
  });
});

describe('the events of one operation', () => {
  it('opens a gap with those that concern the service account only', () => {
    const t = timeline([reader], [role('other')]);
    at(t, 10, roleDeleted('other'), eks('deleted', a1));
    expect(t.stop().gaps[0].openedBy.map((e) => e.description)).toEqual([
      'association a-1 (demo apps/reader) deleted',
    ]);
  });
});

describe('stop', () => {
  it('ignores changes after it and gives the same report again', () => {
    const t = timeline();
    const report = t.stop();
    clock.advance(10);
    expect(t.record([eks('deleted', a1)])).toEqual([]);
    expect(t.stop()).toBe(report);
    expect(report).toMatchObject({ startedAt: 0, stoppedAt: 0, events: [], gaps: [] });
  });
});

describe('TimelineRecorder', () => {
  let associations: PodIdentityAssociation[];
  let roles: RoleState[];
  let recorder: TimelineRecorder;

  beforeEach(() => {
    associations = [a1];
    roles = [role('app-a')];
    recorder = new TimelineRecorder({
      clock: clock.now,
      associations: () => associations,
      roles: async () => roles,
    });
  });

  it('takes the start state itself, and records only between start and stop', async () => {
    recorder.record([eks('deleted', a1)]);
    await recorder.start([reader]);
    expect(recorder.recording).toBe(true);
    clock.advance(5);
    recorder.record([roleDeleted('app-a')]);
    const report = recorder.stop();
    expect(recorder.recording).toBe(false);
    expect(report.serviceAccounts[0].credentialsAtStart).toBe(true);
    expect(report.gaps).toMatchObject([{ start: 5, open: true }]);
    expect(() => recorder.stop()).toThrow('the timeline is not recording: start() it first');
  });

  it('uses the roles it is given instead of listing them', async () => {
    await recorder.start([reader], { roles: [] });
    expect(recorder.stop().serviceAccounts[0].credentialsAtStart).toBe(false);
  });

  it('applies changes made while it lists the roles after them, at their own times', async () => {
    let listed!: (roles: RoleState[]) => void;
    recorder = new TimelineRecorder({
      clock: clock.now,
      associations: () => associations,
      roles: () => new Promise((resolve) => (listed = resolve)),
    });
    const starting = recorder.start([reader]);
    clock.advance(7);
    recorder.record([eks('deleted', a1)]);
    clock.advance(3);
    listed(roles);
    await starting;
    expect(recorder.stop().gaps).toMatchObject([{ start: 7, end: 10, lengthMs: 3 }]);
  });

  it('refuses a second start while recording', async () => {
    await recorder.start([reader]);
    await expect(recorder.start([reader])).rejects.toThrow(
      'the timeline is already recording: stop() it first',
    );
  });

  it('drops the recording on reset', async () => {
    await recorder.start([reader]);
    recorder.reset();
    expect(recorder.recording).toBe(false);
    await recorder.start([reader]);
    expect(recorder.stop().events).toEqual([]);
  });
});
