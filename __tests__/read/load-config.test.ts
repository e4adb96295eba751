import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ConfigError } from '../../read/config-error';
import { refusalOf } from '../support/config-files';
import { CONFIG_VARIABLES, ConfigEnvironment, loadConfig } from '../../read/load-config';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'load-config-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** GIVEN a file `name` in the working directory with `text` in it. */
function givenFile(name: string, text: string): void {
  writeFileSync(join(dir, name), text);
}

/** GIVEN a file `name` holding `content` as JSON. */
function givenJson(name: string, content: unknown): void {
  givenFile(name, JSON.stringify(content));
}

/** The ConfigError loading is refused with. */
function refusal(environment: ConfigEnvironment): ConfigError {
  return refusalOf(() => loadConfig(environment, dir));
}

/** The message JSON.parse gives for `text`, which depends on the Node version. */
/** The message reading `path` fails with, which depends on the platform. */
function readFailureMessage(path: string): string {
  try {
    readFileSync(path, 'utf8');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${path} can be read`);
}

const NOT_AN_OBJECT = ': a configuration file holds one JSON object';
const ENVIRONMENT_LABEL =
  "an environment label (at most 32 lowercase letters, digits and '-', starting and ending with a letter or digit)";

const ONE_CLUSTER_FILE = {
  region: 'eu-west-1',
  clusters: [{ name: 'staging' }],
  identities: [{ name: 'app', associations: [{ namespace: 'app', serviceAccount: 'app-sa' }] }],
};

describe('loadConfig', () => {
  it('reads the environment from exactly these variables', () => {
    expect(CONFIG_VARIABLES).toEqual([
      'POD_IDENTITY_CONFIG',
      'CLUSTER_NAME',
      'AWS_REGION',
      'TF_CLOUD_ORGANIZATION',
      'TF_CLOUD_HOSTNAME',
      'TF_CLOUD_PROJECT',
    ]);
  });

  it('resolves to the tutorial without POD_IDENTITY_CONFIG', () => {
    const config = loadConfig({}, dir);

    expect(config.environment).toBe('default');
    expect(config.region).toBe('us-east-1');
    expect(config.clusters.map((c) => c.name)).toEqual(['example']);
    expect(config.identities.map((i) => i.role.name)).toEqual(['eks-pod-identity-example']);
    expect(config.backend).toStrictEqual({ kind: 'local' });
  });

  it('reads the file named by POD_IDENTITY_CONFIG, relative to the working directory', () => {
    givenJson('pods.json', ONE_CLUSTER_FILE);

    const config = loadConfig({ POD_IDENTITY_CONFIG: 'pods.json' }, dir);

    expect(config.region).toBe('eu-west-1');
    expect(config.clusters.map((c) => c.name)).toEqual(['staging']);
    expect(config.identities.map((i) => i.name)).toEqual(['app']);
  });

  it('reads an absolute POD_IDENTITY_CONFIG', () => {
    givenJson('pods.json', ONE_CLUSTER_FILE);

    const config = loadConfig({ POD_IDENTITY_CONFIG: join(dir, 'pods.json') }, tmpdir());

    expect(config.clusters.map((c) => c.name)).toEqual(['staging']);
  });

  it('refuses a POD_IDENTITY_CONFIG that names no file', () => {
    const error = refusal({ POD_IDENTITY_CONFIG: 'missing.json' });

    expect(error.problems).toEqual([
      `POD_IDENTITY_CONFIG (environment): "missing.json" names no file (looked for ${join(dir, 'missing.json')})`,
    ]);
    expect(error.message).toBe(
      `Invalid configuration (missing.json):\n  - POD_IDENTITY_CONFIG (environment): "missing.json" names no file (looked for ${join(dir, 'missing.json')})`,
    );
  });

  it('refuses a POD_IDENTITY_CONFIG that names a directory', () => {
    mkdirSync(join(dir, 'pods'));

    expect(refusal({ POD_IDENTITY_CONFIG: 'pods' }).problems).toEqual([
      `POD_IDENTITY_CONFIG (environment): "pods" cannot be read: ${readFailureMessage(join(dir, 'pods'))}`,
    ]);
  });

  it('refuses a file that is not JSON', () => {
    givenFile('pods.json', '{ region: eu-west-1 }');

    expect(refusal({ POD_IDENTITY_CONFIG: 'pods.json' }).problems).toEqual([
      'POD_IDENTITY_CONFIG (environment): "pods.json" is not JSON: expected a key in double quotes (line 1, column 3)',
    ]);
  });

  it('names the line and column of a syntax error further down the file', () => {
    givenFile('pods.json', '{\n  "region": "eu-west-1",\n  "environment": "prod",,\n}');

    expect(refusal({ POD_IDENTITY_CONFIG: 'pods.json' }).problems).toEqual([
      'POD_IDENTITY_CONFIG (environment): "pods.json" is not JSON: expected a key in double quotes (line 3, column 25)',
    ]);
  });

  it('refuses an empty file', () => {
    givenFile('pods.json', '');

    expect(refusal({ POD_IDENTITY_CONFIG: 'pods.json' }).problems).toEqual([
      'POD_IDENTITY_CONFIG (environment): "pods.json" is not JSON: unexpected end of the file (line 1, column 1)',
    ]);
  });

  it('accepts a file saved with a UTF-8 byte order mark', () => {
    // GIVEN a file as some Windows editors save it
    givenFile('pods.json', '\uFEFF{ "region": "eu-west-1" }');

    expect(loadConfig({ POD_IDENTITY_CONFIG: 'pods.json' }, dir).region).toBe('eu-west-1');
  });

  it('refuses a key written twice, naming it and its lines, with the other problems', () => {
    // GIVEN "region" twice: JSON.parse would keep the second silently
    givenFile(
      'pods.json',
      '{\n  "region": "eu-west-1",\n  "environment": "Prod",\n  "region": "us-east-1"\n}',
    );

    expect(refusal({ POD_IDENTITY_CONFIG: 'pods.json' }).problems).toEqual([
      'region: is written 2 times in one object (lines 2, 4): JSON keeps only the last value, so write it once',
      `environment: "Prod" is not ${ENVIRONMENT_LABEL}`,
    ]);
  });

  it('refuses a key written twice in a nested object, with its path', () => {
    givenFile(
      'pods.json',
      JSON.stringify({ identities: [{ name: 'app', associations: [] }] }).replace(
        '"name":"app"',
        '"name":"app",\n"name":"api"',
      ),
    );

    expect(refusal({ POD_IDENTITY_CONFIG: 'pods.json' }).problems[0]).toBe(
      'identities[0].name: is written 2 times in one object (lines 1, 2): JSON keeps only the last value, so write it once',
    );
  });

  it.each([
    [
      'too large for JSON',
      '1e309',
      'is a number too large for JSON (at most 1.7976931348623157e+308)',
    ],
    ['too small for JSON', '1e-400', 'is a number too small for JSON (it reads as 0)'],
    [
      'an integer a double cannot hold',
      '9007199254740993',
      'is an integer too large to read exactly (at most 9007199254740991)',
    ],
  ])('shows a number %s as the file writes it', (_what, number, rule) => {
    givenFile('pods.json', `{ "iamLimits": { "managedPoliciesPerRole": ${number} } }`);

    expect(refusal({ POD_IDENTITY_CONFIG: 'pods.json' }).problems).toEqual([
      `iamLimits.managedPoliciesPerRole: ${number} ${rule}`,
    ]);
  });

  it('keeps a tag key __proto__, which AWS accepts', () => {
    givenFile('pods.json', '{ "defaultTags": { "__proto__": "kept", "team": "pods" } }');

    const tags = loadConfig({ POD_IDENTITY_CONFIG: 'pods.json' }, dir).defaultTags;

    expect(Object.entries(tags)).toEqual([
      ['__proto__', 'kept'],
      ['team', 'pods'],
    ]);
  });

  it.each([
    ['an array', '[]', `(file): [] is an array, not an object${NOT_AN_OBJECT}`],
    ['a string', '"x"', `(file): "x" is a string, not an object${NOT_AN_OBJECT}`],
    ['null', 'null', `(file): null is null, not an object${NOT_AN_OBJECT}`],
  ])('refuses a file that is JSON but %s', (_kind, text, problem) => {
    givenFile('pods.json', text);

    expect(refusal({ POD_IDENTITY_CONFIG: 'pods.json' }).problems).toEqual([problem]);
  });

  it("names the file in the header of the file's problems", () => {
    givenJson('pods.json', { region: 'europe' });

    expect(refusal({ POD_IDENTITY_CONFIG: 'pods.json' }).message).toBe(
      "Invalid configuration (pods.json):\n  - region: \"europe\" is not an AWS region name (such as 'us-east-1', 'eu-central-2', 'cn-north-1' or 'us-gov-west-1')",
    );
  });

  it('names the defaults in the header when there is no file', () => {
    expect(refusal({ AWS_REGION: 'europe' }).message).toBe(
      "Invalid configuration (defaults):\n  - AWS_REGION (environment): \"europe\" is not an AWS region name (such as 'us-east-1', 'eu-central-2', 'cn-north-1' or 'us-gov-west-1')",
    );
  });

  it('counts empty variables as unset', () => {
    // GIVEN every variable exported as an empty string, as CI does with unset secrets
    const empty: ConfigEnvironment = Object.fromEntries(CONFIG_VARIABLES.map((name) => [name, '']));

    // WHEN
    const config = loadConfig(empty, dir);

    // THEN the tutorial, with local state
    expect(config.region).toBe('us-east-1');
    expect(config.clusters.map((c) => c.name)).toEqual(['example']);
    expect(config.backend).toStrictEqual({ kind: 'local' });
  });

  it('counts empty overrides as unset, leaving the file in charge', () => {
    givenJson('pods.json', ONE_CLUSTER_FILE);

    const config = loadConfig(
      { POD_IDENTITY_CONFIG: 'pods.json', CLUSTER_NAME: '', AWS_REGION: '' },
      dir,
    );

    expect(config.region).toBe('eu-west-1');
    expect(config.clusters.map((c) => c.name)).toEqual(['staging']);
  });

  it('takes CLUSTER_NAME and AWS_REGION over the file, and the file over the defaults', () => {
    givenJson('pods.json', { ...ONE_CLUSTER_FILE, environment: 'prod' });

    const config = loadConfig(
      { POD_IDENTITY_CONFIG: 'pods.json', CLUSTER_NAME: 'prod-eu', AWS_REGION: 'eu-central-2' },
      dir,
    );

    expect(config.environment).toBe('prod');
    expect(config.region).toBe('eu-central-2');
    expect(config.clusters.map((c) => c.name)).toEqual(['prod-eu']);
    expect(config.identities[0].associations.map((a) => a.cluster)).toEqual(['prod-eu']);
  });

  it('renames the tutorial cluster with CLUSTER_NAME alone', () => {
    const config = loadConfig({ CLUSTER_NAME: 'prod' }, dir);

    expect(config.clusters.map((c) => c.name)).toEqual(['prod']);
    expect(config.identities[0].associations.map((a) => a.cluster)).toEqual(['prod']);
  });

  it('uses Terraform Cloud with TF_CLOUD_*, and the workspace prefix of the file', () => {
    givenJson('pods.json', { terraformCloud: { workspacePrefix: 'team-' } });

    const config = loadConfig(
      {
        POD_IDENTITY_CONFIG: 'pods.json',
        TF_CLOUD_ORGANIZATION: 'acme',
        TF_CLOUD_HOSTNAME: 'tfe.example.com',
        TF_CLOUD_PROJECT: 'pods',
      },
      dir,
    );

    expect(config.backend).toStrictEqual({
      kind: 'cloud',
      organization: 'acme',
      hostname: 'tfe.example.com',
      project: 'pods',
      workspacePrefix: 'team-',
    });
  });

  it('uses Terraform Cloud with TF_CLOUD_ORGANIZATION alone', () => {
    expect(loadConfig({ TF_CLOUD_ORGANIZATION: 'acme' }, dir).backend).toStrictEqual({
      kind: 'cloud',
      organization: 'acme',
      hostname: undefined,
      project: undefined,
      workspacePrefix: '',
    });
  });

  it('refuses TF_CLOUD_HOSTNAME without TF_CLOUD_ORGANIZATION', () => {
    expect(
      refusal({ TF_CLOUD_HOSTNAME: 'tfe.example.com', TF_CLOUD_ORGANIZATION: '' }).problems,
    ).toEqual([
      'TF_CLOUD_HOSTNAME (environment): "tfe.example.com" is set but TF_CLOUD_ORGANIZATION is not: set the organization to use Terraform Cloud, or unset it',
    ]);
  });
});
