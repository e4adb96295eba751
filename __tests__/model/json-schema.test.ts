import Ajv, { ErrorObject } from 'ajv';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configJsonSchema, JSON_SCHEMA_FILE } from '../../model/json-schema';
import { PROJECT_DIR } from '../support/cdktf-cli';
import { association, identity, JsonMap, refusalOf } from '../support/config-files';
import { exampleFiles } from '../support/examples';
import { generatedFiles, staleFiles, staleMessage } from '../../scripts/generate/files';
import { PRESET_NAMES, presetParameterNames } from '../../presets/catalogue';
import { runCommand } from '../support/run-command';
import { configOf } from '../support/synth';

/**
 * pod-identity.schema.json, read by ajv: a second reader, independent of
 * zod, that must agree with ours on every example and on every mistake the
 * schema can express.
 */

const published = JSON.parse(readFileSync(join(PROJECT_DIR, JSON_SCHEMA_FILE), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(published);

/** ajv's errors as the reader writes paths: `identities[0].name`. */
function schemaErrors(file: unknown): string[] {
  if (validate(file)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => {
    const at = error.instancePath
      .split('/')
      .slice(1)
      .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
      .join('')
      .replace(/^\./, '');
    const missing =
      error.keyword === 'required' || error.keyword === 'additionalProperties'
        ? Object.values(error.params)[0]
        : undefined;
    return missing === undefined ? at : at === '' ? String(missing) : `${at}.${String(missing)}`;
  });
}

/** The fields the reader refuses, from its `<field>: ...` lines. */
function readerFields(file: unknown): string[] {
  return refusalOf(() => configOf(file)).problems.map((problem) => problem.split(': ')[0]);
}

describe(`${JSON_SCHEMA_FILE}, read by ajv`, () => {
  test('is what the schema definition generates now', () => {
    expect(published).toEqual(configJsonSchema());
  });

  test.each(Object.entries(exampleFiles()))(
    'accepts examples/%s.json, as the reader does',
    (_name, file) => {
      expect(schemaErrors(file)).toEqual([]);
      expect(() => configOf(file)).not.toThrow();
    },
  );

  test('accepts an empty file, the tutorial', () => {
    expect(schemaErrors({})).toEqual([]);
  });

  test('accepts every example as it starts: with its $schema', () => {
    for (const file of Object.values(exampleFiles())) {
      expect(file).toMatchObject({ $schema: `../${JSON_SCHEMA_FILE}` });
    }
  });

  const tags = (count: number) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']));

  test.each<[string, JsonMap, string]>([
    ['a number for a string', { environment: 42 }, 'environment'],
    ['a region that is not one', { region: 'mars-1' }, 'region'],
    ['an unknown top-level key', { regoin: 'eu-west-1' }, 'regoin'],
    ['an empty cluster list', { clusters: [] }, 'clusters'],
    ['a cluster without a name', { clusters: [{ podIdentityAgent: true }] }, 'clusters[0].name'],
    ['a cluster name with a space', { clusters: [{ name: 'prod cluster' }] }, 'clusters[0].name'],
    [
      'a string for the agent',
      { clusters: [{ name: 'c', podIdentityAgent: 'yes' }] },
      'clusters[0].podIdentityAgent',
    ],
    [
      'an unknown auth',
      { clusters: [{ name: 'c', kubernetes: { auth: 'token' } }] },
      'clusters[0].kubernetes.auth',
    ],
    ['an empty identity list', { identities: [] }, 'identities'],
    [
      'an identity without a name',
      { identities: [{ associations: [association('a', 'b')] }] },
      'identities[0].name',
    ],
    [
      'an empty association list',
      { identities: [identity('app', { associations: [] })] },
      'identities[0].associations',
    ],
    [
      'an unknown role key',
      { identities: [identity('app', { role: { roleName: 'x' } })] },
      'identities[0].role.roleName',
    ],
    [
      'a role name of 65 characters',
      { identities: [identity('app', { role: { name: 'r'.repeat(65) } })] },
      'identities[0].role.name',
    ],
    [
      'a session of 10 seconds',
      { identities: [identity('app', { role: { maxSessionDuration: 10 } })] },
      'identities[0].role.maxSessionDuration',
    ],
    [
      'an S3 access that is not one',
      { identities: [identity('app', { s3: { access: 'read' } })] },
      'identities[0].s3.access',
    ],
    [
      'a bucket name with a capital',
      { identities: [identity('app', { s3: { buckets: ['My-Bucket'] } })] },
      'identities[0].s3.buckets[0]',
    ],
    [
      'a policy name for an ARN',
      { identities: [identity('app', { managedPolicyArns: ['ReadOnlyAccess'] })] },
      'identities[0].managedPolicyArns[0]',
    ],
    [
      'a condition operator IAM does not know',
      {
        identities: [
          identity('app', {
            statements: [
              {
                actions: ['s3:GetObject'],
                resources: ['*'],
                conditions: [{ test: 'StringEqualz', variable: 'aws:SourceVpc', values: ['v'] }],
              },
            ],
          }),
        ],
      },
      'identities[0].statements[0].conditions[0].test',
    ],
    [
      'a namespace with a capital',
      { identities: [identity('app', { associations: [association('Team', 'sa')] })] },
      'identities[0].associations[0].namespace',
    ],
    ['a tag key starting with aws:', { defaultTags: { 'aws:team': 'x' } }, 'defaultTags'],
    ['51 default tags', { defaultTags: tags(51) }, 'defaultTags'],
    [
      '1,001 replicas',
      {
        identities: [
          identity('app', {
            associations: [
              association('a', 'b', { kubernetes: { deployment: { replicas: 1001 } } }),
            ],
          }),
        ],
      },
      'identities[0].associations[0].kubernetes.deployment.replicas',
    ],
    [
      'an empty command',
      {
        identities: [
          identity('app', {
            associations: [association('a', 'b', { kubernetes: { deployment: { command: [] } } })],
          }),
        ],
      },
      'identities[0].associations[0].kubernetes.deployment.command',
    ],
    [
      'a quantity Kubernetes cannot read',
      {
        identities: [
          identity('app', {
            associations: [
              association('a', 'b', {
                kubernetes: { deployment: { resources: { limits: { memory: '1 GB' } } } },
              }),
            ],
          }),
        ],
      },
      'identities[0].associations[0].kubernetes.deployment.resources.limits.memory',
    ],
  ])('refuses %s, as the reader does, at the same field', (_what, file, field) => {
    expect(schemaErrors(file)).toContain(field);
    expect(readerFields(file).some((f) => f === field || f.startsWith(`${field}.`))).toBe(true);
  });
});

describe('npm run generate', () => {
  test('the committed schema, reference and README table are what the definition generates now', () => {
    const files = generatedFiles(PROJECT_DIR);
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'docs/configuration.md',
      JSON_SCHEMA_FILE,
    ]);
    expect(staleFiles(PROJECT_DIR, files)).toEqual([]);
  });

  test("the reference documents every preset's parameters, each under its preset", () => {
    const reference = generatedFiles(PROJECT_DIR)['docs/configuration.md'];
    const sections = reference.split(/^### /m);
    for (const name of PRESET_NAMES) {
      const section = sections.find((s) => s.startsWith(`\`identities[].preset\`: \`${name}\`\n`));
      expect(section).toBeDefined();
      const fields = [...(section ?? '').matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
      expect(fields).toEqual(['name', ...presetParameterNames(name)]);
    }
    expect(reference).toContain(
      `| \`preset\` | object, one of ${PRESET_NAMES.length} forms by \`name\` (below) |`,
    );
  });

  test('finds a stale reference, and says what to run', () => {
    const root = mkdtempSync(join(tmpdir(), 'pod-identity-generate-'));
    try {
      const files = generatedFiles(PROJECT_DIR);
      mkdirSync(join(root, 'docs'));
      for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
      writeFileSync(
        join(root, 'docs/configuration.md'),
        files['docs/configuration.md'].replace('required', 'optional'),
      );

      const stale = staleFiles(root, files);

      expect(stale).toEqual(['docs/configuration.md']);
      expect(staleMessage(stale)).toBe(
        "Stale, not generated from the configuration's schema: docs/configuration.md. Run npm run generate and commit the result.",
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('-- --check, as CI and users run it, exits 0 on the committed files', async () => {
    const result = await runCommand(
      join(PROJECT_DIR, 'node_modules', '.bin', 'tsx'),
      ['scripts/generate.ts', '--check'],
      { cwd: PROJECT_DIR, env: process.env, timeoutMs: 60_000 },
    );
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  }, 60_000);
});
