/**
 * `npm run bench`: how fast `cdktf synth`, large configurations and the test
 * suites are on this machine, as Markdown tables, printed and written into
 * docs/performance.md between its bench markers (the rest of that file is
 * hand-written).
 *
 *   --quick           a smoke run: fewer pairs, runs and sizes; writes nothing
 *                     unless --write is given too
 *   --write           write docs/performance.md even with --quick
 *   --no-write        only print
 *   --baseline <ref>  also measure the headline figures of git ref <ref>, in
 *                     the same run, from a git worktree of it
 *
 * Nothing fails because the machine is slow: the exit code is 1 only when a
 * measured command itself fails, and then the document is left as it was.
 */
import { Baseline, checkOutBaseline, currentCommit } from './bench/baseline';
import { benchAppCommand } from './bench/app-command';
import { benchCliSynth } from './bench/cli-synth';
import { BENCH_SECTION, writeResults } from './bench/document';
import { makeFloorProject } from './bench/floor';
import { describeMachine, loadAverage } from './bench/machine';
import { TemporaryDirs } from './bench/measure';
import { Headline, SectionResult, TargetResult } from './bench/report';
import { benchScaling } from './bench/scaling';
import { benchSuites } from './bench/suites';
import { table } from './bench/table';

const USAGE = 'usage: npm run bench [-- [--quick] [--write | --no-write] [--baseline <git ref>]]';

interface Settings {
  readonly quick: boolean;
  /** Whether docs/performance.md is rewritten. */
  readonly write: boolean;
  /** A git ref whose headline figures are measured too. */
  readonly baseline?: string;
  /** cdktf synth pairs (floor, ours). */
  readonly pairs: number;
  readonly sizes: readonly number[];
  /** Child processes per size. */
  readonly repeats: number;
  /** Timed runs of each app command. */
  readonly appRuns: number;
}

function settings(args: readonly string[]): Settings {
  const flags = new Set<string>();
  let baseline: string | undefined;
  const wrong: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--baseline' || arg.startsWith('--baseline=')) {
      if (arg === '--baseline') index += 1;
      baseline = arg === '--baseline' ? args[index] : arg.slice('--baseline='.length);
      if (baseline === undefined || baseline === '' || baseline.startsWith('--')) {
        wrong.push('--baseline needs a git ref');
      }
    } else if (['--quick', '--write', '--no-write'].includes(arg)) flags.add(arg);
    else wrong.push(`unknown: ${arg}`);
  }
  if (flags.has('--write') && flags.has('--no-write'))
    wrong.push('--write or --no-write, not both');
  if (wrong.length > 0) {
    console.error(`${USAGE}  (${wrong.join('; ')})`);
    process.exit(2);
  }
  const quick = flags.has('--quick');
  const write = !flags.has('--no-write') && (!quick || flags.has('--write'));
  const common = { quick, write, ...(baseline !== undefined && { baseline }) };
  return quick
    ? { ...common, pairs: 3, sizes: [1, 100, 1000], repeats: 1, appRuns: 3 }
    : { ...common, pairs: 7, sizes: [1, 100, 1000, 5000], repeats: 3, appRuns: 5 };
}

interface Context {
  readonly settings: Settings;
  readonly temporary: TemporaryDirs;
  readonly floorDir: string;
  readonly baseline?: Baseline;
}

const SECTIONS: readonly {
  readonly title: string;
  readonly run: (context: Context) => SectionResult;
}[] = [
  {
    title: '1. `cdktf synth` of the defaults against the CLI floor',
    run: ({ settings: s, temporary, floorDir, baseline }) =>
      benchCliSynth({ pairs: s.pairs, floorDir, temporary, baseline }),
  },
  {
    title: '2. In-process synth by number of associations',
    run: ({ settings: s, temporary, baseline }) =>
      benchScaling({ sizes: s.sizes, repeats: s.repeats, temporary, baseline }),
  },
  {
    title: '3. Test suites',
    run: ({ temporary }) => benchSuites({ temporary }),
  },
  {
    title: '4. The app command (cdktf.json `app`), without the CLI',
    run: ({ settings: s, temporary, floorDir }) =>
      benchAppCommand({ runs: s.appRuns, floorDir, temporary }),
  },
];

/** The headline figures, with the baseline's beside them when there is one. */
function headlineTable(
  headlines: readonly Headline[],
  commit: string,
  baseline: Baseline | undefined,
): string {
  const current = `this commit (${commit})`;
  return baseline === undefined
    ? table(
        ['figure', current],
        headlines.map((h) => [h.what, h.current]),
      )
    : table(
        ['figure', current, `baseline ${baseline.label}`],
        headlines.map((h) => [h.what, h.current, h.baseline ?? '–']),
      );
}

function targetTable(targets: readonly TargetResult[]): string {
  return table(
    ['target', 'measured', 'kind', 'result'],
    targets.map((t) => [
      t.target,
      t.measured,
      t.kind,
      `${t.status === 'met' ? '**met**' : t.status}${t.note !== undefined ? `: ${t.note}` : ''}`,
    ]),
  );
}

function main(): void {
  const chosen = settings(process.argv.slice(2));
  const temporary = new TemporaryDirs();
  let baseline: (Baseline & { remove(): void }) | undefined;
  const cleanUp = () => {
    baseline?.remove();
    temporary.removeAll();
  };
  process.on('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  if (chosen.baseline !== undefined) {
    try {
      baseline = checkOutBaseline(chosen.baseline, temporary);
    } catch (error) {
      cleanUp();
      console.error(`--baseline ${chosen.baseline}: ${(error as Error).message.trim()}`);
      process.exit(2);
    }
  }
  const started = Date.now();
  const date = `${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const commit = currentCommit();
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const machine = `Machine: ${describeMachine()}`;
  const loadAtStart = loadAverage();
  const print = (text = '') => process.stdout.write(`${text}\n`);
  const caveat =
    "Ratios (ours / floor, time(5,000) / time(1,000)) and counts hold across machines; seconds and MiB are this machine's, and move with its load.";
  print(`# ${command}`);
  print();
  print(machine);
  print(`Commit: ${commit}${baseline === undefined ? '' : `; baseline: ${baseline.label}`}`);
  print(`Load average at start (1, 5, 15 min): ${loadAtStart}`);
  print();
  print(`${caveat} Progress goes to stderr.`);

  const sections: { readonly title: string; readonly text: string }[] = [];
  const targets: TargetResult[] = [];
  const headlines: Headline[] = [];
  const failures: string[] = [];
  try {
    const floorDir = makeFloorProject(temporary);
    for (const section of SECTIONS) {
      print();
      print(`## ${section.title}`);
      print();
      process.stderr.write(`${section.title}…\n`);
      let text: string;
      try {
        const result = section.run({ settings: chosen, temporary, floorDir, baseline });
        text = result.text;
        targets.push(...result.targets);
        headlines.push(...(result.headlines ?? []));
        failures.push(...(result.failures ?? []).map((f) => `${section.title}: ${f}`));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${section.title}: ${message}`);
        text = `Not measured: a command failed.\n\n\`\`\`\n${message}\n\`\`\``;
      }
      print(text);
      sections.push({ title: section.title, text });
    }
  } finally {
    cleanUp();
  }

  const headlineText = headlineTable(headlines, commit, baseline);
  const targetText = targetTable(targets);
  const took = Math.round((Date.now() - started) / 1000);
  const loadAtEnd = loadAverage();
  print();
  print('## Headline figures');
  print();
  print(headlineText);
  print();
  print('## Targets');
  print();
  print(targetText);
  print();
  print(`Load average at end (1, 5, 15 min): ${loadAtEnd}; the bench took ${took} s.`);

  if (failures.length > 0) {
    console.error(`\n${failures.length} section(s) could not be measured:\n${failures.join('\n')}`);
    if (chosen.write) console.error(`${BENCH_SECTION.document} is left as it was.`);
    process.exitCode = 1;
    return;
  }
  if (!chosen.write) {
    console.error(
      `\n${BENCH_SECTION.document} not written (${chosen.quick ? '--quick without --write' : '--no-write'}).`,
    );
    return;
  }
  const written = writeResults(
    [
      `Written by \`${command}\` on ${date}, commit ${commit}${baseline === undefined ? '' : `, baseline ${baseline.label}`}; the bench took ${took} s.${chosen.quick ? ' **A --quick smoke run: fewer pairs, runs and sizes.**' : ''}`,
      '',
      `${machine}. Load average (1, 5, 15 min): ${loadAtStart} at start, ${loadAtEnd} at end. ${caveat}`,
      '',
      '### Headline figures',
      '',
      headlineText,
      '',
      '### Targets',
      '',
      targetText,
      ...sections.flatMap((section) => ['', `### ${section.title}`, '', section.text]),
    ].join('\n'),
  );
  console.error(`\nWrote the results into ${written}.`);
}

main();
