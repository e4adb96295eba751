/**
 * `npm run bench`: how fast `cdktf synth`, large configurations and the test
 * suites are on this machine, as Markdown tables. `--quick` is a smoke run:
 * fewer pairs, runs and sizes. Nothing fails because the machine is slow: the
 * exit code is 1 only when a measured command itself fails.
 */
import { benchAppCommand } from './bench/app-command';
import { benchCliSynth } from './bench/cli-synth';
import { makeFloorProject } from './bench/floor';
import { describeMachine, loadAverage } from './bench/machine';
import { TemporaryDirs } from './bench/measure';
import { SectionResult, TargetResult } from './bench/report';
import { benchScaling } from './bench/scaling';
import { benchSuites } from './bench/suites';
import { table } from './bench/table';

interface Settings {
  readonly quick: boolean;
  /** cdktf synth pairs (floor, ours). */
  readonly pairs: number;
  readonly sizes: readonly number[];
  /** Child processes per size. */
  readonly repeats: number;
  /** Timed runs of each app command. */
  readonly appRuns: number;
}

function settings(args: readonly string[]): Settings {
  const unknown = args.filter((arg) => arg !== '--quick');
  if (unknown.length > 0) {
    console.error(`usage: npm run bench [-- --quick]  (unknown: ${unknown.join(' ')})`);
    process.exit(2);
  }
  return args.includes('--quick')
    ? { quick: true, pairs: 3, sizes: [1, 100, 1000], repeats: 1, appRuns: 3 }
    : { quick: false, pairs: 7, sizes: [1, 100, 1000, 5000], repeats: 3, appRuns: 5 };
}

const SECTIONS: readonly {
  readonly title: string;
  readonly run: (settings: Settings, temporary: TemporaryDirs, floorDir: string) => SectionResult;
}[] = [
  {
    title: '1. `cdktf synth` of the defaults against the CLI floor',
    run: (s, temporary, floorDir) => benchCliSynth({ pairs: s.pairs, floorDir, temporary }),
  },
  {
    title: '2. In-process synth by number of associations',
    run: (s, temporary) => benchScaling({ sizes: s.sizes, repeats: s.repeats, temporary }),
  },
  {
    title: '3. Test suites',
    run: (_s, temporary) => benchSuites({ temporary }),
  },
  {
    title: '4. The app command (cdktf.json `app`), without the CLI',
    run: (s, temporary, floorDir) => benchAppCommand({ runs: s.appRuns, floorDir, temporary }),
  },
];

function main(): void {
  const chosen = settings(process.argv.slice(2));
  const temporary = new TemporaryDirs();
  const cleanUp = () => temporary.removeAll();
  process.on('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  const started = Date.now();
  const print = (text = '') => process.stdout.write(`${text}\n`);
  print(`# npm run bench${chosen.quick ? ' -- --quick' : ''}`);
  print();
  print(`Machine: ${describeMachine()}`);
  print(`Load average at start (1, 5, 15 min): ${loadAverage()}`);
  print();
  print(
    "Ratios (ours / floor, time(5,000) / time(1,000)) and counts hold across machines; seconds and MiB are this machine's, and move with its load. Progress goes to stderr.",
  );

  const targets: TargetResult[] = [];
  const failures: string[] = [];
  try {
    const floorDir = makeFloorProject(temporary);
    for (const section of SECTIONS) {
      print();
      print(`## ${section.title}`);
      print();
      process.stderr.write(`${section.title}…\n`);
      try {
        const result = section.run(chosen, temporary, floorDir);
        print(result.text);
        targets.push(...result.targets);
        failures.push(...(result.failures ?? []).map((f) => `${section.title}: ${f}`));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${section.title}: ${message}`);
        print(`Not measured: a command failed.\n\n\`\`\`\n${message}\n\`\`\``);
      }
    }
  } finally {
    cleanUp();
  }

  print();
  print('## Targets');
  print();
  print(
    table(
      ['target', 'measured', 'kind', 'result'],
      targets.map((t) => [
        t.target,
        t.measured,
        t.kind,
        `${t.status === 'met' ? '**met**' : t.status}${t.note !== undefined ? `: ${t.note}` : ''}`,
      ]),
    ),
  );
  print();
  print(
    `Load average at end (1, 5, 15 min): ${loadAverage()}; the bench took ${Math.round((Date.now() - started) / 1000)} s.`,
  );
  if (failures.length > 0) {
    console.error(`\n${failures.length} section(s) could not be measured:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

main();
