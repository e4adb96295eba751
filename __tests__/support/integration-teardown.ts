import { dayTwoSummary } from './day-two-summary';
import { removeRunFolder } from './temporary-folder';

/** The integration suite's global teardown: prints the day-two figures, then removes the run's folder. */
export default function integrationTeardown(): void {
  const summary = dayTwoSummary();
  if (summary !== undefined) process.stdout.write(`\n${summary}\n`);
  removeRunFolder();
}
