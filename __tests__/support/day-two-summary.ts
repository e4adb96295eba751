import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratedSection } from '../../scripts/generated-section';

/**
 * The day-two suite's figures, added up over its files: each file records a
 * line per change deployed, per fault injected and per drift restored, into
 * the run's temporary folder (TMPDIR, one per `jest` run); the integration
 * suite's global teardown prints the sum before it removes the folder, and
 * with POD_IDENTITY_WRITE_FIGURES=1 writes it into the README.
 */

export type DayTwoRecord =
  | {
      readonly kind: 'change';
      readonly name: string;
      /** Whether the change applied in one run (undefined: it is meant to stop). */
      readonly firstTime: boolean | undefined;
      /** Whether it stopped as it was meant to, before changing anything. */
      readonly stopped: boolean;
      /** The credential gaps measured, in ms. */
      readonly gaps: readonly number[];
      /** What IAM or EKS held afterwards that the configuration does not name. */
      readonly leftovers: number;
      readonly applySeconds: number;
      /** Requests the IAM evaluator decided to check the review's permission predictions. */
      readonly probes: number;
    }
  | {
      readonly kind: 'fault';
      readonly name: string;
      /** Faults the double injected, by kind. */
      readonly injected: Readonly<Record<string, number>>;
      /** Whether a deploy (the first, or the one after a readable stop) converged. */
      readonly survived: boolean;
      /** Whether the first deploy got through the faults on its own. */
      readonly firstTime: boolean;
      readonly leftovers: number;
    }
  | {
      readonly kind: 'drift';
      readonly name: string;
      readonly detected: boolean;
      readonly restored: boolean;
    };

const FILE = 'day-two-summary.jsonl';

function file(): string {
  return join(process.env.TMPDIR ?? '/tmp', FILE);
}

export function recordDayTwo(record: DayTwoRecord): void {
  appendFileSync(file(), `${JSON.stringify(record)}\n`);
}

/** Set to 1 to have the day-two tests write their figures into the documents that state them. */
export const WRITE_FIGURES_VARIABLE = 'POD_IDENTITY_WRITE_FIGURES';

/** The README's day-two figures, written by the integration suite's teardown. */
export const DAY_TWO_SECTION: GeneratedSection = {
  document: 'README.md',
  start: '<!-- day-two: written by npm run test:integration -->',
  end: '<!-- day-two: end -->',
};

/** The records of this run; undefined when no day-two test ran. */
export function dayTwoRecords(): DayTwoRecord[] | undefined {
  if (!existsSync(file())) return undefined;
  return readFileSync(file(), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as DayTwoRecord);
}

/** The figures, a line each: what the README states and the suite prints. */
export function dayTwoFigures(records: readonly DayTwoRecord[]): string[] {
  const changes = records.filter((r) => r.kind === 'change');
  const faults = records.filter((r) => r.kind === 'fault');
  const drifts = records.filter((r) => r.kind === 'drift');
  const gaps = changes.flatMap((c) => c.gaps);
  const injected = new Map<string, number>();
  for (const fault of faults) {
    for (const [kind, count] of Object.entries(fault.injected)) {
      injected.set(kind, (injected.get(kind) ?? 0) + count);
    }
  }
  const total = [...injected.values()].reduce((a, b) => a + b, 0);
  const meantToApply = changes.filter((c) => c.firstTime !== undefined);
  const meantToStop = changes.filter((c) => c.firstTime === undefined);
  return [
    `changes tried: ${changes.length}; applied in one run: ${meantToApply.filter((c) => c.firstTime === true).length}` +
      ` of ${meantToApply.length}; stopped before changing anything, as meant: ` +
      `${meantToStop.filter((c) => c.stopped).length} of ${meantToStop.length}`,
    `credential gaps: ${gaps.length}${gaps.length > 0 ? `, longest ${Math.max(...gaps).toFixed(0)} ms` : ''}`,
    `review predictions checked by the IAM evaluator: ${changes.reduce((a, c) => a + c.probes, 0)} requests`,
    `faults injected: ${total}${total > 0 ? ` (${[...injected].map(([k, n]) => `${k} ${n}`).join(', ')})` : ''};` +
      ` cases that converged: ${faults.filter((f) => f.survived).length} of ${faults.length}` +
      ` (${faults.filter((f) => f.firstTime).length} at the first deploy)`,
    `drift: detected ${drifts.filter((d) => d.detected).length} of ${drifts.length}, restored ${drifts.filter((d) => d.restored).length}`,
    `resources left over: ${[...changes, ...faults].reduce((a, r) => a + r.leftovers, 0)}`,
  ];
}

/** The figures as the suite prints them at its end. */
export function dayTwoSummary(records: readonly DayTwoRecord[]): string {
  return ['Day two, summed over the suite:', ...dayTwoFigures(records).map((l) => `  ${l}`)].join(
    '\n',
  );
}

/**
 * The README's section: the figures of a run of all three day-two files
 * (matrix, drift, faults), or undefined when one of them did not run, so a
 * partial run never stands for the whole.
 */
export function dayTwoSection(
  records: readonly DayTwoRecord[],
  run: { readonly date: Date; readonly commit: string; readonly minutes: number },
): string | undefined {
  const kinds = new Set(records.map((r) => r.kind));
  if (!kinds.has('change') || !kinds.has('fault') || !kinds.has('drift')) return undefined;
  return [
    `Last run ${run.date.toISOString().slice(0, 10)} at commit ${run.commit}, ` +
      `the integration suite in ${run.minutes.toFixed(0)} min:`,
    '',
    ...dayTwoFigures(records).map((l) => `- ${l}`),
  ].join('\n');
}
