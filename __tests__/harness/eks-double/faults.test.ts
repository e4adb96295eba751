import { requirePodIdentityRole } from '../../support/eks-double/checks';
import {
  EventuallyConsistentLookups,
  FaultInjector,
  seededRandom,
} from '../../support/eks-double/faults';
import { ACCOUNT, asyncRefusal, FakeClock, FakeLookups, REGION } from './fakes';

/**
 * The faults the double can inject: which requests get one (seeded, at the
 * rate asked, only for the operations named), what each looks like, the
 * counts, and IAM's eventual consistency as EKS's checks see it.
 */

const DRAWS = 10_000;

/** The kinds drawn for `n` requests of `operation`, undefined where none. */
function draws(injector: FaultInjector, operation: string, n = DRAWS) {
  return Array.from({ length: n }, () => injector.draw(operation)?.type);
}

describe('seededRandom', () => {
  it('gives the same numbers for the same seed, others for another, all in [0, 1)', () => {
    const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
    expect(Array.from({ length: DRAWS }, seededRandom(7)).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('FaultInjector', () => {
  it('injects nothing by default', () => {
    const injector = new FaultInjector();
    expect(draws(injector, 'CreatePodIdentityAssociation').every((d) => d === undefined)).toBe(
      true,
    );
    expect(injector.summary().total).toBe(0);
  });

  it('throttles a share of requests within 2 points of the rate, as EKS sends it', () => {
    const injector = new FaultInjector({ seed: 3, throttling: { rate: 0.3 } });
    const throttled = draws(injector, 'ListPodIdentityAssociations').filter(
      (d) => d === 'ThrottlingException',
    ).length;
    expect(Math.abs(throttled / DRAWS - 0.3)).toBeLessThan(0.02);
    expect(new FaultInjector({ throttling: { rate: 1 } }).draw('CreateAddon')).toEqual({
      status: 429,
      type: 'ThrottlingException',
      message: 'Rate exceeded',
    });
  });

  it('gives the same faults for the same seed and requests', () => {
    const options = { seed: 11, throttling: { rate: 0.2 }, serverErrors: { rate: 0.1 } };
    expect(draws(new FaultInjector(options), 'CreateAddon', 200)).toEqual(
      draws(new FaultInjector(options), 'CreateAddon', 200),
    );
    expect(draws(new FaultInjector(options), 'CreateAddon', 200)).not.toEqual(
      draws(new FaultInjector({ ...options, seed: 12 }), 'CreateAddon', 200),
    );
  });

  it('fails only the operations named, and draws nothing for the others', () => {
    const options = {
      seed: 5,
      throttling: { rate: 0.5, operations: ['CreatePodIdentityAssociation'] },
    };
    const alone = new FaultInjector(options);
    const mixed = new FaultInjector(options);
    const onlyCreates = draws(alone, 'CreatePodIdentityAssociation', 100);
    const interleaved = Array.from({ length: 100 }, () => {
      expect(mixed.draw('DescribeAddon')).toBeUndefined();
      return mixed.draw('CreatePodIdentityAssociation')?.type;
    });
    expect(interleaved).toEqual(onlyCreates);
    expect(mixed.summary().byOperation).toEqual({
      CreatePodIdentityAssociation: {
        ThrottlingException: onlyCreates.filter((d) => d !== undefined).length,
      },
    });
  });

  it('splits server errors between 500 ServerException and 503 ServiceUnavailableException', () => {
    const injector = new FaultInjector({ seed: 9, serverErrors: { rate: 0.4 } });
    const drawn = draws(injector, 'UpdateAddon');
    const share = (type: string) => drawn.filter((d) => d === type).length / DRAWS;
    expect(Math.abs(share('ServerException') - 0.2)).toBeLessThan(0.02);
    expect(Math.abs(share('ServiceUnavailableException') - 0.2)).toBeLessThan(0.02);
    expect(share('ThrottlingException')).toBe(0);
    const always = new FaultInjector({ serverErrors: { rate: 1 } });
    const kinds = new Map(
      Array.from({ length: 100 }, () => always.draw('UpdateAddon')).map((f) => [f?.type, f]),
    );
    expect(kinds.get('ServerException')).toMatchObject({ status: 500 });
    expect(kinds.get('ServiceUnavailableException')).toMatchObject({ status: 503 });
    expect(kinds.size).toBe(2);
  });

  it('counts faults by kind and operation', () => {
    const injector = new FaultInjector({ throttling: { rate: 1 } });
    injector.draw('CreateAddon');
    injector.draw('CreateAddon');
    injector.draw('DescribeAddon');
    injector.count('UpdatePodIdentityAssociation', 'IamPropagation');
    expect(injector.summary()).toEqual({
      total: 4,
      byKind: {
        ThrottlingException: 3,
        ServerException: 0,
        ServiceUnavailableException: 0,
        IamPropagation: 1,
      },
      byOperation: {
        CreateAddon: { ThrottlingException: 2 },
        DescribeAddon: { ThrottlingException: 1 },
        UpdatePodIdentityAssociation: { IamPropagation: 1 },
      },
    });
  });

  it('starts again from the seed on configure, keeping the counts; reset clears both', () => {
    const injector = new FaultInjector({ seed: 2, throttling: { rate: 0.5 } });
    const first = draws(injector, 'CreateAddon', 50);
    injector.configure({ seed: 2, throttling: { rate: 0.5 } });
    expect(draws(injector, 'CreateAddon', 50)).toEqual(first);
    expect(injector.summary().total).toBe(2 * first.filter((d) => d !== undefined).length);
    injector.reset();
    expect(injector.summary().total).toBe(0);
    expect(injector.draw('CreateAddon')).toBeUndefined();
    expect(injector.iamPropagationMs).toBe(0);
  });

  it.each([
    [{ throttling: { rate: 1.5 } }, 'faults.throttling.rate must be from 0 to 1, got 1.5'],
    [{ serverErrors: { rate: -0.1 } }, 'faults.serverErrors.rate must be from 0 to 1, got -0.1'],
    [
      { throttling: { rate: 0.7 }, serverErrors: { rate: 0.4 } },
      "faults' rates add up to 1.1, over 1",
    ],
    [{ iamPropagationMs: -1 }, 'faults.iamPropagationMs must be ≥ 0, got -1'],
  ])('refuses %j', (options, message) => {
    expect(() => new FaultInjector(options)).toThrow(message);
  });
});

describe('EventuallyConsistentLookups', () => {
  const ROLE = `arn:aws:iam::${ACCOUNT}:role/new`;
  const OLD = `arn:aws:iam::${ACCOUNT}:role/old`;
  let clock: FakeClock;
  let births: Map<string, number>;
  let hidden: string[];
  let lookups: EventuallyConsistentLookups;

  beforeEach(() => {
    clock = new FakeClock(0);
    births = new Map([['new', 0]]);
    hidden = [];
    lookups = new EventuallyConsistentLookups(
      new FakeLookups().withCluster('demo', '1.31').withRole(ROLE).withRole(OLD),
      { createdAt: (name) => births.get(name) },
      clock.now,
      () => 1_000,
      (arn) => hidden.push(arn),
    );
  });

  it('does not find a role created less than the propagation time ago, as EKS answers', async () => {
    clock.advance(999);
    expect(await asyncRefusal(requirePodIdentityRole(lookups, ROLE))).toEqual({
      type: 'InvalidParameterException',
      message: 'Role provided in the request does not exist.',
    });
    expect(hidden).toEqual([ROLE]);
  });

  it('finds it once the propagation time has passed', async () => {
    clock.advance(1_000);
    await expect(requirePodIdentityRole(lookups, ROLE)).resolves.toBeUndefined();
    expect(hidden).toEqual([]);
  });

  it('finds roles it saw no CreateRole for, and clusters, as the inner look-ups do', async () => {
    await expect(requirePodIdentityRole(lookups, OLD)).resolves.toBeUndefined();
    await expect(lookups.clusterVersion(REGION, 'demo')).resolves.toBe('1.31');
  });
});
