import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '../../read/load-config';
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

/** Runs `cdktf synth --output <new temporary folder>` in `cwd` and checks the stacks written. */
function synth(
  label: string,
  cwd: string,
  stacks: number,
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
    if (written.length !== stacks) {
      throw new Error(
        `${label} wrote ${written.length} stacks (${written.join(', ')}), expected ${stacks}`,
      );
    }
    return { seconds: run.seconds };
  } finally {
    temporary.remove(outdir);
  }
}

/**
 * `cdktf synth` of the defaults against the CLI floor, in turn (floor, ours,
 * floor, ours, ...) after one untimed warm-up of each; the ratio is taken
 * pair by pair, so that a slower moment of the machine weighs on both sides.
 */
export function benchCliSynth(options: {
  readonly pairs: number;
  readonly floorDir: string;
  readonly temporary: TemporaryDirs;
}): SectionResult {
  const { pairs, floorDir, temporary } = options;
  const floor = () => synth('cdktf synth (floor)', floorDir, 1, temporary).seconds;
  const ours = () => synth('cdktf synth (defaults)', PROJECT_DIR, 2, temporary).seconds;
  floor();
  ours();
  const rows: { floor: number; ours: number }[] = [];
  for (let pair = 0; pair < pairs; pair += 1) {
    const a = floor();
    const b = ours();
    rows.push({ floor: a, ours: b });
    process.stderr.write(`  pair ${pair + 1}/${pairs}: floor ${seconds(a)}, ours ${seconds(b)}\n`);
  }
  const ratios = rows.map((row) => row.ours / row.floor);
  const medianRatio = median(ratios);
  const text = [
    table(
      ['pair', 'floor (one output)', 'ours (defaults)', 'ours − floor', 'ours / floor'],
      [
        ...rows.map((row, index) => [
          String(index + 1),
          seconds(row.floor),
          seconds(row.ours),
          seconds(row.ours - row.floor),
          ratio(row.ours / row.floor),
        ]),
        [
          '**median**',
          seconds(median(rows.map((row) => row.floor))),
          seconds(median(rows.map((row) => row.ours))),
          seconds(median(rows.map((row) => row.ours - row.floor))),
          `**${ratio(medianRatio)}** (pairs: ${ratio(Math.min(...ratios))} to ${ratio(Math.max(...ratios))})`,
        ],
      ],
    ),
    '',
    `Both run \`node_modules/.bin/cdktf synth --output <new temporary folder>\` with CHECKPOINT_DISABLE=1 and no configuration variable, one untimed warm-up each first.`,
    `The floor is \`node floor.js\` (a TerraformStack with one TerraformOutput) in a temporary folder with the project's cdktf.json and node_modules.`,
    `Ours is \`${readApp()}\` from the project folder: the AWS stack and the workload stack of the tutorial.`,
  ].join('\n');
  return {
    text,
    targets: [
      {
        target: `\`cdktf synth\` of the defaults ≤ ${CLI_TARGET}× the CLI floor`,
        measured: `${ratio(medianRatio)} (median of ${pairs} pairs; ${seconds(median(rows.map((row) => row.ours)))} vs ${seconds(median(rows.map((row) => row.floor)))})`,
        kind: 'ratio',
        status: status(medianRatio <= CLI_TARGET),
        ...(medianRatio > CLI_TARGET && {
          note: `over by ${ratio(medianRatio - CLI_TARGET)}: see the app command rows for where the app's own time goes`,
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
