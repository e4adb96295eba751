import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { defaultsEnvironment, readApp, synthesizedStacks } from './cli-synth';
import {
  CommandFailed,
  CommandRun,
  median,
  PROJECT_DIR,
  TemporaryDirs,
  timeCommand,
} from './measure';
import { SectionResult } from './report';
import { seconds, table } from './table';

interface Variant {
  /** As a user would write it in cdktf.json. */
  readonly command: string;
  readonly note: string;
  readonly cwd: string;
  readonly stacks: number;
  readonly run: (env: NodeJS.ProcessEnv, cwd: string) => CommandRun;
  /** Why it is left out, when it is. */
  readonly skipped?: string;
}

function tsNodeMissing(): string | undefined {
  try {
    require.resolve('ts-node', { paths: [PROJECT_DIR] });
    return undefined;
  } catch {
    return 'ts-node is not a dependency, and installing it (even with --no-save) would change the node_modules the other engineers are testing with; tsx and tsc cover both of its modes';
  }
}

function variants(floorDir: string, tscOut: string): Variant[] {
  const tsc = join(PROJECT_DIR, 'node_modules', '.bin', 'tsc');
  const missing = tsNodeMissing();
  return [
    {
      command: 'npx tsx main.ts',
      note: 'esbuild transform on load (cached); npx start-up included',
      cwd: PROJECT_DIR,
      stacks: 2,
      run: (env, cwd) => timeCommand('npx', ['tsx', 'main.ts'], { cwd, env }),
    },
    {
      command: 'node_modules/.bin/tsx main.ts',
      note: 'the same without npx',
      cwd: PROJECT_DIR,
      stacks: 2,
      run: (env, cwd) =>
        timeCommand(join(PROJECT_DIR, 'node_modules', '.bin', 'tsx'), ['main.ts'], { cwd, env }),
    },
    {
      command: 'node scripts/app.js',
      note: 'esbuild bundle of main.ts into dist/main.js, run in the same process',
      cwd: PROJECT_DIR,
      stacks: 2,
      run: (env, cwd) => timeCommand(process.execPath, ['scripts/app.js'], { cwd, env }),
    },
    {
      command: 'tsc -p tsconfig.build.json && node dist/main.js',
      note: 'incremental tsc with type checking, nothing changed since the last run (first run: cold build); written to a temporary outDir',
      cwd: PROJECT_DIR,
      stacks: 2,
      run: (env, cwd) =>
        timeCommand(
          'sh',
          [
            '-c',
            '"$1" -p tsconfig.build.json --outDir "$2" --tsBuildInfoFile "$2/.tsbuildinfo" && exec node "$2/main.js"',
            'sh',
            tsc,
            tscOut,
          ],
          { cwd, env },
        ),
    },
    {
      command: 'npx ts-node main.ts',
      note: 'type-checks on every run unless --transpile-only',
      cwd: PROJECT_DIR,
      stacks: 2,
      run: (env, cwd) => timeCommand('npx', ['--no-install', 'ts-node', 'main.ts'], { cwd, env }),
      ...(missing !== undefined && { skipped: missing }),
    },
    {
      command: 'node floor.js (reference)',
      note: 'the one-output floor app: the least any cdktf app costs',
      cwd: floorDir,
      stacks: 1,
      run: (env, cwd) => timeCommand(process.execPath, ['floor.js'], { cwd, env }),
    },
  ];
}

/**
 * The app command alone (no CLI): each variant synthesizes the defaults into
 * a temporary CDKTF_OUTDIR, round-robin, after one untimed warm-up each (the
 * first run, reported apart: for tsc it is the cold build).
 */
export function benchAppCommand(options: {
  readonly runs: number;
  readonly floorDir: string;
  readonly temporary: TemporaryDirs;
}): SectionResult {
  const { runs, floorDir, temporary } = options;
  const tscOut = temporary.make('tsc-out');
  symlinkSync(join(PROJECT_DIR, 'node_modules'), join(tscOut, 'node_modules'), 'dir');
  const all = variants(floorDir, tscOut);
  const active = all.filter((variant) => variant.skipped === undefined);
  const once = (variant: Variant): number => {
    const outdir = temporary.make('app-out');
    try {
      const run = variant.run(defaultsEnvironment({ CDKTF_OUTDIR: outdir }), variant.cwd);
      if (run.code !== 0) throw new CommandFailed(variant.command, run);
      const written = synthesizedStacks(outdir).length;
      if (written !== variant.stacks) {
        throw new Error(`${variant.command} wrote ${written} stacks, expected ${variant.stacks}`);
      }
      return run.seconds;
    } finally {
      temporary.remove(outdir);
    }
  };
  const first = new Map(active.map((variant) => [variant, once(variant)]));
  const times = new Map<Variant, number[]>(active.map((variant) => [variant, []]));
  for (let round = 0; round < runs; round += 1) {
    for (const variant of active) times.get(variant)?.push(once(variant));
    process.stderr.write(`  app commands: round ${round + 1}/${runs}\n`);
  }
  const medians = new Map(active.map((variant) => [variant, median(times.get(variant) ?? [])]));
  const current = readApp();
  const candidates = active.filter((variant) => !variant.command.endsWith('(reference)'));
  const fastest = [...candidates].sort(
    (a, b) => (medians.get(a) ?? Infinity) - (medians.get(b) ?? Infinity),
  )[0];
  const rows = all.map((variant) => {
    if (variant.skipped !== undefined) {
      return [`\`${variant.command}\``, 'skipped', '', '', variant.skipped];
    }
    const values = times.get(variant) ?? [];
    const chosen = variant.command === current ? ' ← cdktf.json' : '';
    return [
      `\`${variant.command}\`${chosen}`,
      `**${seconds(medians.get(variant) ?? Number.NaN)}**`,
      `${seconds(Math.min(...values))} – ${seconds(Math.max(...values))}`,
      seconds(first.get(variant) ?? Number.NaN),
      variant.note,
    ];
  });
  const text = [
    table(['app command', `median of ${runs}`, 'min – max', 'first run', 'how'], rows),
    '',
    `Each synthesizes the defaults into a temporary CDKTF_OUTDIR from the project folder, without the CLI; round-robin, after an untimed first run.`,
    `cdktf.json runs \`${current}\`; the fastest measured here is \`${fastest?.command ?? '–'}\`. Type checking stays in \`npm run build\`, lint and the tests whichever runs the app.`,
  ].join('\n');
  return { text, targets: [] };
}
