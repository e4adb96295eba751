import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '../../read/load-config';
import type { Baseline } from './baseline';
import { environment, median, PROJECT_DIR, TemporaryDirs, timeCommandOk } from './measure';
import { SectionResult, status } from './report';
import { ratio, seconds, table } from './table';

export const CDKTF = join(PROJECT_DIR, 'node_modules', '.bin', 'cdktf');
export const CLI_TARGET = 1.3;

/** The environment of a synth of the defaults: no configuration variable, no version check. */
export function defaultsEnvironment(
  overrides: Readonly<Record<string, string | undefined>> = {},
): NodeJS.ProcessEnv {
  const unset = Object.fromEntries(CONFIG_VARIABLES.map((name) => [name, undefined]));
  return environment({ ...unset, CDKTF_OUTDIR: undefined, ...overrides });
}

/** Stack names in a synthesized folder's manifest. */
export function synthesizedStacks(outdir: string): string[] {
  const manifest = join(outdir, 'manifest.json');
  if (!existsSync(manifest)) return [];
  const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { stacks?: object };
  return Object.keys(parsed.stacks ?? {});
}

/**
 * Runs `cdktf synth --output <new temporary folder>` in `cwd` and checks the
 * stacks written: exactly `stacks`, or at least one for a baseline, whose
 * defaults may synthesize other stacks.
 */
function synth(
  label: string,
  cwd: string,
  stacks: number | 'some',
  temporary: TemporaryDirs,
): { readonly seconds: number } {
  const outdir = temporary.make('synth-out');
  try {
    const run = timeCommandOk(label, CDKTF, ['synth', '--output', outdir], {
      cwd,
      env: defaultsEnvironment(),
      timeoutMs: 180_000,
    });
    const written = synthesizedStacks(outdir);
    if (stacks === 'some' ? written.length === 0 : written.length !== stacks) {
      throw new Error(
        `${label} wrote ${written.length} stacks (${written.join(', ')}), expected ${stacks === 'some' ? 'some' : stacks}`,
      );
    }
    return { seconds: run.seconds };
  } finally {
    temporary.remove(outdir);
  }
}

interface Pair {
  readonly floor: number;
  readonly ours: number;
  /** With `--baseline`: the baseline's synth in the same round. */
  readonly baseline?: number;
}

/** The median ratio to the floor of `side`, with its range over the pairs, and the medians. */
function summary(rows: readonly Pair[], side: (row: Pair) => number) {
  const ratios = rows.map((row) => side(row) / row.floor);
  return {
    ratio: median(ratios),
    least: Math.min(...ratios),
    most: Math.max(...ratios),
    seconds: median(rows.map(side)),
    floor: median(rows.map((row) => row.floor)),
  };
}

/**
 * `cdktf synth` of the defaults against the CLI floor, in turn (floor, ours,
 * floor, ours, ...) after one untimed warm-up of each; the ratio is taken
 * pair by pair, so that a slower moment of the machine weighs on both sides.
 * With a baseline, each round also synthesizes the baseline's defaults, its
 * place alternating with ours (floor, ours, baseline; floor, baseline, ours),
 * and its ratio is to the same round's floor.
 */
export function benchCliSynth(options: {
  readonly pairs: number;
  readonly floorDir: string;
  readonly temporary: TemporaryDirs;
  readonly baseline?: Baseline;
}): SectionResult {
  const { pairs, floorDir, temporary, baseline } = options;
  const floor = () => synth('cdktf synth (floor)', floorDir, 1, temporary).seconds;
  const ours = () => synth('cdktf synth (defaults)', PROJECT_DIR, 2, temporary).seconds;
  const base =
    baseline === undefined
      ? undefined
      : () =>
          synth(`cdktf synth (baseline ${baseline.ref})`, baseline.dir, 'some', temporary).seconds;
  floor();
  ours();
  base?.();
  const rows: Pair[] = [];
  for (let pair = 0; pair < pairs; pair += 1) {
    const a = floor();
    if (base === undefined) {
      const b = ours();
      rows.push({ floor: a, ours: b });
      process.stderr.write(
        `  pair ${pair + 1}/${pairs}: floor ${seconds(a)}, ours ${seconds(b)}\n`,
      );
    } else {
      const oursFirst = pair % 2 === 0;
      const first = oursFirst ? ours() : base();
      const second = oursFirst ? base() : ours();
      const [b, c] = oursFirst ? [first, second] : [second, first];
      rows.push({ floor: a, ours: b, baseline: c });
      process.stderr.write(
        `  round ${pair + 1}/${pairs}: floor ${seconds(a)}, ours ${seconds(b)}, baseline ${seconds(c)}\n`,
      );
    }
  }
  const current = summary(rows, (row) => row.ours);
  const before = base === undefined ? undefined : summary(rows, (row) => row.baseline ?? NaN);
  const range = (s: ReturnType<typeof summary>) =>
    `**${ratio(s.ratio)}** (pairs: ${ratio(s.least)} to ${ratio(s.most)})`;
  const baselineName = baseline === undefined ? '' : `baseline ${baseline.ref}`;
  const text = [
    table(
      [
        'pair',
        'floor (one output)',
        'ours (defaults)',
        'ours − floor',
        'ours / floor',
        ...(before === undefined ? [] : [baselineName, 'baseline / floor']),
      ],
      [
        ...rows.map((row, index) => [
          String(index + 1),
          seconds(row.floor),
          seconds(row.ours),
          seconds(row.ours - row.floor),
          ratio(row.ours / row.floor),
          ...(row.baseline === undefined
            ? []
            : [seconds(row.baseline), ratio(row.baseline / row.floor)]),
        ]),
        [
          '**median**',
          seconds(current.floor),
          seconds(current.seconds),
          seconds(median(rows.map((row) => row.ours - row.floor))),
          range(current),
          ...(before === undefined ? [] : [seconds(before.seconds), range(before)]),
        ],
      ],
    ),
    '',
    `Both run \`node_modules/.bin/cdktf synth --output <new temporary folder>\` with CHECKPOINT_DISABLE=1 and no configuration variable, one untimed warm-up each first.`,
    `The floor is \`node floor.js\` (a TerraformStack with one TerraformOutput) in a temporary folder with the project's cdktf.json and node_modules.`,
    `Ours is \`${readApp()}\` from the project folder: the AWS stack and the workload stack of the tutorial.`,
    ...(baseline === undefined
      ? []
      : [
          `The baseline is ${baseline.label}: its own cdktf.json app command, run by the same CLI in a git worktree of it with this checkout's node_modules, in each round right before or after ours (alternately).`,
        ]),
  ].join('\n');
  const headline = (s: ReturnType<typeof summary>) =>
    `${ratio(s.ratio)} (${seconds(s.seconds)} vs ${seconds(s.floor)})`;
  return {
    text,
    headlines: [
      {
        what: `\`cdktf synth\` of the defaults / the CLI floor (median of ${pairs} pairs)`,
        current: headline(current),
        ...(before !== undefined && { baseline: headline(before) }),
      },
    ],
    targets: [
      {
        target: `\`cdktf synth\` of the defaults ≤ ${CLI_TARGET}× the CLI floor`,
        measured: `${ratio(current.ratio)} (median of ${pairs} pairs; ${seconds(current.seconds)} vs ${seconds(current.floor)})`,
        kind: 'ratio',
        status: status(current.ratio <= CLI_TARGET),
        ...(current.ratio > CLI_TARGET && {
          note: `over by ${ratio(current.ratio - CLI_TARGET)}: see the app command rows for where the app's own time goes`,
        }),
      },
    ],
  };
}

/** The app command of cdktf.json. */
export function readApp(): string {
  const config = JSON.parse(readFileSync(join(PROJECT_DIR, 'cdktf.json'), 'utf8')) as {
    app?: string;
  };
  return config.app ?? '(none)';
}
