import { CommandResult } from '../support/run-command';
import { inTurn, StackDeployment } from '../support/stack-deployment';

/**
 * inTurn starts each deployment once the one before is ready (synth and init
 * done) or has ended. Under load a synth and init take over a minute; the
 * next deploy must still wait, however long that takes.
 */
describe('inTurn', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const deployment = (label: string) => ({ label }) as unknown as StackDeployment;
  const endsAfter = (ms: number) =>
    new Promise<CommandResult>((resolve) =>
      setTimeout(() => resolve({ code: 0, stdout: '', stderr: '', timedOut: false }), ms),
    );

  it('starts the next deployment only once the one before is ready, even after minutes', async () => {
    const [slow, next] = [deployment('slow'), deployment('next')];
    const started: string[] = [];
    let slowReady = false;
    setTimeout(() => (slowReady = true), 90_000);
    const results = inTurn(
      [slow, next],
      (d) => {
        started.push(d.label);
        return endsAfter(d === slow ? 150_000 : 1_000);
      },
      (d) => d !== slow || slowReady,
    );

    await jest.advanceTimersByTimeAsync(61_000);
    // A fixed 60 s deadline used to start `next` here, mid-synth of `slow`.
    expect(started).toEqual(['slow']);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(started).toEqual(['slow', 'next']);

    await jest.advanceTimersByTimeAsync(60_000);
    await expect(Promise.all(results)).resolves.toHaveLength(2);
    // Nothing keeps polling once every deployment is under way.
    expect(jest.getTimerCount()).toBe(0);
  });

  it('starts the next deployment once the one before has ended, ready or not', async () => {
    const [failing, next] = [deployment('failing'), deployment('next')];
    const started: string[] = [];
    const results = inTurn(
      [failing, next],
      (d) => {
        started.push(d.label);
        return endsAfter(d === failing ? 100_000 : 1_000);
      },
      (d) => d !== failing,
    );

    await jest.advanceTimersByTimeAsync(99_000);
    expect(started).toEqual(['failing']);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(started).toEqual(['failing', 'next']);
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(Promise.all(results)).resolves.toHaveLength(2);
    expect(jest.getTimerCount()).toBe(0);
  });
});
