import { Readable } from 'node:stream';
import { createStores, Stores } from '../../support/eks-double/addons';
import { readJson, route, signingRegion } from '../../support/eks-double/routing';
import { ACCOUNT, asyncRefusal, FakeClock, FakeLookups, REGION } from './fakes';

/**
 * The double's request handling without a server: which operation a method
 * and path are (or moto's, undefined), the region a signature names, and
 * how a body is read. No handler is run.
 */

let stores: Stores;

beforeEach(() => {
  stores = createStores({
    account: ACCOUNT,
    clock: new FakeClock().now,
    transitionMs: 1_000,
    lookups: new FakeLookups(),
  });
});

const operationOf = (method: string, path: string) =>
  route({ method, url: new URL(path, 'http://double'), region: REGION }, stores)?.operation;

describe('route', () => {
  const addonArn = encodeURIComponent('arn:aws:eks:us-east-1:123456789012:addon/demo/vpc-cni/u');
  const associationArn = 'arn:aws:eks:us-east-1:123456789012:podidentityassociation/demo/a-1';

  it.each([
    ['POST', '/clusters/demo/pod-identity-associations', 'CreatePodIdentityAssociation'],
    ['GET', '/clusters/demo/pod-identity-associations?maxResults=2', 'ListPodIdentityAssociations'],
    ['GET', '/clusters/demo/pod-identity-associations/a-1', 'DescribePodIdentityAssociation'],
    ['POST', '/clusters/demo/pod-identity-associations/a-1', 'UpdatePodIdentityAssociation'],
    ['DELETE', '/clusters/demo/pod-identity-associations/a-1', 'DeletePodIdentityAssociation'],
    ['POST', '/clusters/demo/addons', 'CreateAddon'],
    ['GET', '/clusters/demo/addons', 'ListAddons'],
    ['GET', '/clusters/demo/addons/vpc-cni', 'DescribeAddon'],
    ['DELETE', '/clusters/demo/addons/vpc-cni?preserve=true', 'DeleteAddon'],
    ['POST', '/clusters/demo/addons/vpc-cni/update', 'UpdateAddon'],
    ['GET', '/clusters/demo/updates/u-1?addonName=vpc-cni', 'DescribeUpdate'],
    ['GET', '/addons/supported-versions?kubernetesVersion=1.31', 'DescribeAddonVersions'],
    ['GET', `/tags/${addonArn}`, 'ListTagsForResource'],
    ['POST', `/tags/${encodeURIComponent(associationArn)}`, 'TagResource'],
    ['DELETE', `/tags/${associationArn}?tagKeys=a`, 'UntagResource'],
  ])('answers %s %s itself, as %s', (method, path, operation) => {
    expect(operationOf(method, path)).toBe(operation);
  });

  it.each([
    ['GET', '/clusters/demo'],
    ['POST', '/clusters'],
    ['GET', '/clusters/demo/updates/u-1'],
    ['GET', '/clusters/demo/node-groups'],
    ['PUT', '/clusters/demo/pod-identity-associations'],
    ['GET', '/clusters/demo/pod-identity-associations/a-1/extra'],
    ['PUT', '/clusters/demo/addons/vpc-cni'],
    ['POST', '/clusters/demo/addons/vpc-cni/other'],
    ['POST', '/addons/supported-versions'],
    ['GET', `/tags/${encodeURIComponent('arn:aws:eks:us-east-1:123456789012:cluster/demo')}`],
    ['PUT', `/tags/${addonArn}`],
    ['GET', '/'],
  ])('passes %s %s to moto', (method, path) => {
    expect(operationOf(method, path)).toBeUndefined();
  });

  it('throws on a malformed percent-encoding (the server passes that to moto too)', () => {
    expect(() => operationOf('GET', '/clusters/%E0%A4%A/addons')).toThrow(URIError);
  });
});

describe('signingRegion', () => {
  it('reads the region from a SigV4 credential scope', () => {
    const authorization =
      'AWS4-HMAC-SHA256 Credential=testing/20261128/eu-west-1/eks/aws4_request, ' +
      'SignedHeaders=host;x-amz-date, Signature=abc';
    expect(signingRegion({ authorization })).toBe('eu-west-1');
  });

  it('finds none in an unsigned request or another scheme', () => {
    expect(signingRegion({})).toBeUndefined();
    expect(signingRegion({ authorization: 'Bearer token' })).toBeUndefined();
  });
});

describe('readJson', () => {
  const body = (...chunks: string[]) => readJson(Readable.from(chunks.map((c) => Buffer.from(c))));

  it('reads an object, across chunks, and an empty body as {}', async () => {
    await expect(body('{"name":', ' "demo"}')).resolves.toEqual({ name: 'demo' });
    await expect(body()).resolves.toEqual({});
    await expect(body('  \n')).resolves.toEqual({});
  });

  it.each([
    ['[1]', 'The request body must be a JSON object.'],
    ['null', 'The request body must be a JSON object.'],
    ['{"name":', 'The request body is not valid JSON.'],
  ])('refuses %s', async (text, message) => {
    expect(await asyncRefusal(body(text))).toEqual({ type: 'InvalidRequestException', message });
  });

  it('refuses a body over 1 MiB', async () => {
    const chunk = 'x'.repeat(512 * 1024);
    expect(await asyncRefusal(body(chunk, chunk, 'x'))).toEqual({
      type: 'InvalidRequestException',
      message: 'The request body is too large.',
    });
  });
});
