import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Baseline } from './baseline';
import { defaultsEnvironment, synthesizedStacks } from './cli-synth';
import { countsFor, generateConfig, SHAPE } from './generate-config';
import { CommandFailed, median, PROJECT_DIR, TemporaryDirs, timeCommand } from './measure';
import { Headline, SectionResult, status, TargetResult } from './report';
import type { SynthTimes } from './synth-child';
import { mebibytes, milliseconds, ratio, seconds, table } from './table';
import { transpileApp } from './transpile';

export const LARGEST = 5000;
const REFERENCE = 1000;
const TIME_TARGET_SECONDS = 10;
const MEMORY_TARGET_BYTES = 1024 ** 3;
const GROWTH_TARGET = 6;

interface SizeRun {
  readonly times: SynthTimes;
  /** Resources and data sources, by stack. */
  readonly blocks: readonly { readonly stack: string; readonly count: number }[];
  readonly bytes: number;
}

/** Resources and data sources of each synthesized stack, and the bytes of JSON written. */
function inspectOutput(outdir: string): Pick<SizeRun, 'blocks' | 'bytes'> {
  let bytes = 0;
  const blocks = synthesizedStacks(outdir).map((stack) => {
    const file = join(outdir, 'stacks', stack, 'cdk.tf.json');
    bytes += statSync(file).size;
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      resource?: Record<string, object>;
      data?: Record<string, object>;
    };
    const count = [json.resource, json.data]
      .flatMap((kind) => Object.values(kind ?? {}))
      .reduce((sum, byName) => sum + Object.keys(byName).length, 0);
    return { stack, count };
  });
  return { blocks, bytes };
}

/** One synth of `configFile` by `childJs` (transpiled from the tree at `cwd`), in a fresh process. */
function runSize(
  childJs: string,
  configFile: string,
  temporary: TemporaryDirs,
  cwd = PROJECT_DIR,
): SizeRun {
  const outdir = temporary.make('scaling-out');
  try {
    const run = timeCommand(process.execPath, [childJs, configFile, outdir], {
      cwd,
      env: defaultsEnvironment(),
      timeoutMs: 300_000,
    });
    if (run.code !== 0) throw new CommandFailed(`in-process synth of ${configFile}`, run);
    const lines = run.stdout.trim().split('\n');
    const times = JSON.parse(lines[lines.length - 1]) as SynthTimes;
    return { times, ...inspectOutput(outdir) };
  } finally {
    temporary.remove(outdir);
  }
}

/** The run with the median total of `all`. */
function medianRun(all: readonly SizeRun[]): SizeRun | undefined {
  const middle = median(all.map((run) => run.times.totalSeconds));
  return [...all].sort(
    (a, b) => Math.abs(a.times.totalSeconds - middle) - Math.abs(b.times.totalSeconds - middle),
  )[0];
}

const CHILD = 'scripts/bench/synth-child.ts';

/**
 * The app synthesized in-process from generated configuration files, each
 * size in a fresh child process (round-robin over the sizes, `repeats` times),
 * reporting the run with the median total of each size. With a baseline, its
 * own synth-child.ts and app, transpiled from its worktree, synthesize the
 * largest size in each round too, right after ours (right before, every
 * other round).
 */
export function benchScaling(options: {
  readonly sizes: readonly number[];
  readonly repeats: number;
  readonly temporary: TemporaryDirs;
  readonly baseline?: Baseline;
}): SectionResult {
  const { sizes, repeats, temporary, baseline } = options;
  const dir = temporary.make('scaling');
  const [childJs] = transpileApp(PROJECT_DIR, join(dir, 'app'), [CHILD]);
  const baselineJs =
    baseline === undefined
      ? undefined
      : transpileApp(baseline.dir, join(dir, 'baseline'), [CHILD])[0];
  const headlineSize = Math.max(...sizes);
  const baselineRuns: SizeRun[] = [];
  const files = new Map(
    sizes.map((size) => {
      const file = join(dir, `associations-${size}.json`);
      writeFileSync(file, JSON.stringify(generateConfig(size), null, 2));
      return [size, file] as const;
    }),
  );
  const runs = new Map<number, SizeRun[]>(sizes.map((size) => [size, []]));
  const runBaseline = (round: number) => {
    if (baseline === undefined || baselineJs === undefined) return;
    const run = runSize(baselineJs, files.get(headlineSize) ?? '', temporary, baseline.dir);
    baselineRuns.push(run);
    process.stderr.write(
      `  ${headlineSize} associations, baseline ${baseline.ref} (round ${round + 1}/${repeats}): ${seconds(run.times.totalSeconds)}, ${mebibytes(run.times.peakRssBytes)}\n`,
    );
  };
  for (let round = 0; round < repeats; round += 1) {
    for (const size of sizes) {
      if (size === headlineSize && round % 2 === 1) runBaseline(round);
      const run = runSize(childJs, files.get(size) ?? '', temporary);
      runs.get(size)?.push(run);
      process.stderr.write(
        `  ${size} associations (round ${round + 1}/${repeats}): ${seconds(run.times.totalSeconds)}, ${mebibytes(run.times.peakRssBytes)}\n`,
      );
      if (size === headlineSize && round % 2 === 0) runBaseline(round);
    }
  }
  const chosen = new Map(sizes.map((size) => [size, medianRun(runs.get(size) ?? [])] as const));
  const baselineChosen = medianRun(baselineRuns);

  const row = (size: number, run: SizeRun | undefined, label = size.toLocaleString('en-US')) => {
    if (run === undefined) return [label];
    const counts = countsFor(size);
    const { times } = run;
    return [
      label,
      `${counts.identities} / ${counts.namespaces} / ${counts.deployments} / ${counts.jobs}`,
      run.blocks.map((b) => b.count.toLocaleString('en-US')).join(' + '),
      milliseconds(times.readSeconds),
      milliseconds(times.constructSeconds),
      milliseconds(times.synthSeconds),
      `**${seconds(times.totalSeconds)}**`,
      `**${mebibytes(times.peakRssBytes)}**`,
      `${(run.bytes / 1024 ** 2).toFixed(1)} MiB`,
      milliseconds(times.loadSeconds),
    ];
  };
  const rows = [
    ...sizes.map((size) => row(size, chosen.get(size))),
    ...(baseline === undefined
      ? []
      : [
          row(
            headlineSize,
            baselineChosen,
            `${headlineSize.toLocaleString('en-US')}, baseline ${baseline.ref}`,
          ),
        ]),
  ];
  const headlineFigure = (run: SizeRun | undefined) =>
    run === undefined
      ? '–'
      : `${seconds(run.times.totalSeconds)} (${milliseconds(run.times.readSeconds)} + ${milliseconds(run.times.constructSeconds)} + ${milliseconds(run.times.synthSeconds)}), peak ${mebibytes(run.times.peakRssBytes)}`;
  const headlines: Headline[] = [
    {
      what: `In-process synth of ${headlineSize.toLocaleString('en-US')} associations: read + check + construct + synth, peak RSS (${repeats > 1 ? `median of ${repeats}` : 'one run'})`,
      current: headlineFigure(chosen.get(headlineSize)),
      ...(baseline !== undefined && { baseline: headlineFigure(baselineChosen) }),
    },
  ];

  const largest = chosen.get(LARGEST);
  const reference = chosen.get(REFERENCE);
  const growth =
    largest !== undefined && reference !== undefined
      ? largest.times.totalSeconds / reference.times.totalSeconds
      : Number.NaN;
  const notRun = (target: string): TargetResult => ({
    target,
    measured: '–',
    kind: 'absolute',
    status: 'not run',
    note: `needs the ${LARGEST.toLocaleString('en-US')} and ${REFERENCE.toLocaleString('en-US')} sizes (left out by --quick)`,
  });
  const targets: TargetResult[] =
    largest === undefined || reference === undefined
      ? [
          notRun(
            `${LARGEST.toLocaleString('en-US')} associations synthesize in ≤ ${TIME_TARGET_SECONDS} s`,
          ),
          notRun(`${LARGEST.toLocaleString('en-US')} associations peak memory < 1 GiB`),
          { ...notRun(`time(5,000) / time(1,000) ≤ ${GROWTH_TARGET}`), kind: 'ratio' },
        ]
      : [
          {
            target: `${LARGEST.toLocaleString('en-US')} associations synthesize in ≤ ${TIME_TARGET_SECONDS} s`,
            measured: `${seconds(largest.times.totalSeconds)} (read ${milliseconds(largest.times.readSeconds)}, construct ${milliseconds(largest.times.constructSeconds)}, synth ${milliseconds(largest.times.synthSeconds)})`,
            kind: 'absolute',
            status: status(largest.times.totalSeconds <= TIME_TARGET_SECONDS),
            ...(largest.times.totalSeconds > TIME_TARGET_SECONDS && {
              note: `over by ${seconds(largest.times.totalSeconds - TIME_TARGET_SECONDS)}`,
            }),
          },
          {
            target: `${LARGEST.toLocaleString('en-US')} associations peak memory < 1 GiB`,
            measured: mebibytes(largest.times.peakRssBytes),
            kind: 'absolute',
            status: status(largest.times.peakRssBytes < MEMORY_TARGET_BYTES),
          },
          {
            target: `time(5,000) / time(1,000) ≤ ${GROWTH_TARGET} (linear would be 5)`,
            measured: ratio(growth),
            kind: 'ratio',
            status: status(growth <= GROWTH_TARGET),
          },
        ];

  const text = [
    table(
      [
        'associations',
        'identities / namespaces / Deployments / Jobs',
        'resources + data (AWS + workload)',
        'read + check',
        'construct',
        'synth (write)',
        'total',
        'peak RSS',
        'JSON written',
        '(node + module load)',
      ],
      rows,
    ),
    '',
    `Generated configurations: ${SHAPE}.`,
    `Each size runs in a fresh Node process (peak RSS = process.resourceUsage().maxRSS of that process): the file is read through loadConfig/readConfig as POD_IDENTITY_CONFIG, then buildApp and app.synth() into a temporary outdir.`,
    `Total = read + check + construct + synth; Node's start and loading cdktf and the providers (last column) come on top, the same for every size. ${repeats > 1 ? `Each row is the run with the median total of ${repeats}.` : 'One run per size.'}`,
    ...(Number.isFinite(growth)
      ? [`time(5,000) / time(1,000) = ${ratio(growth)} (linear: 5×).`]
      : []),
    ...(baseline === undefined
      ? []
      : [
          `The baseline row is ${baseline.label}: its own scripts/bench/synth-child.ts and app, transpiled from a git worktree of it, on the same generated file, in each round right after ours (right before, every other round).`,
        ]),
  ].join('\n');
  return { text, targets, headlines };
}
