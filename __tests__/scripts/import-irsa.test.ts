import { join } from 'node:path';
import { PROJECT_DIR } from '../support/cdktf-cli';
import { parseArguments, schemaFor, UsageError } from '../../scripts/import-irsa';

describe('npm run import-irsa: its command line', () => {
  test('takes a region, clusters (each once), an environment and an output file', () => {
    expect(
      parseArguments([
        '--region',
        'eu-west-1',
        '--cluster',
        'blue',
        '--cluster',
        'green',
        '--cluster',
        'blue',
        '--environment',
        'legacy',
        '--output',
        'irsa.json',
      ]),
    ).toEqual({
      region: 'eu-west-1',
      clusters: ['blue', 'green'],
      environment: 'legacy',
      output: 'irsa.json',
    });
  });

  test.each([
    [['--cluster', 'blue'], '--region is required'],
    [['--region', 'eu-west-1'], '--cluster is required (once per cluster)'],
    [
      ['--region', 'eu-west-1', '--cluster', 'blue', '--profile', 'x'],
      "Unknown option '--profile'",
    ],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseArguments(argv)).toThrow(UsageError);
    expect(() => parseArguments(argv)).toThrow(message);
  });

  test("names the project's JSON Schema relative to where the file is written", () => {
    expect(schemaFor('irsa.json', PROJECT_DIR)).toBe('./pod-identity.schema.json');
    expect(schemaFor('examples/irsa.json', PROJECT_DIR)).toBe('../pod-identity.schema.json');
    expect(schemaFor(undefined, join(PROJECT_DIR, 'docs'))).toBe('../pod-identity.schema.json');
  });
});
