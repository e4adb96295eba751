import { execFileSync } from 'node:child_process';
import { writeSection } from '../../scripts/generated-section';
import {
  DAY_TWO_SECTION,
  WRITE_FIGURES_VARIABLE,
  dayTwoRecords,
  dayTwoSection,
  dayTwoSummary,
} from './day-two-summary';
import { PROJECT_DIR } from './cdktf-cli';
import { removeRunFolder } from './temporary-folder';

/**
 * The integration suite's global teardown: prints the day-two figures (and
 * with POD_IDENTITY_WRITE_FIGURES=1 writes them into the README, when all
 * three day-two files ran), then removes the run's folder.
 */
export default function integrationTeardown(): void {
  const records = dayTwoRecords();
  if (records !== undefined) {
    process.stdout.write(`\n${dayTwoSummary(records)}\n`);
    if (process.env[WRITE_FIGURES_VARIABLE] === '1') writeFigures(records);
  }
  removeRunFolder();
}

function writeFigures(records: Parameters<typeof dayTwoSection>[0]): void {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_DIR })
    .toString()
    .trim();
  // The suite runs in jest's parent process, which started with it.
  const section = dayTwoSection(records, {
    date: new Date(),
    commit,
    minutes: process.uptime() / 60,
  });
  if (section === undefined) {
    process.stdout.write(
      `${DAY_TWO_SECTION.document} not written: the matrix, drift and faults files must all run\n`,
    );
    return;
  }
  process.stdout.write(`day-two figures written to ${writeSection(DAY_TWO_SECTION, section)}\n`);
}
