import { createServer, IncomingHttpHeaders, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EksPodIdentityDouble, startEksPodIdentityDouble } from '../../support/eks-double/routing';
import { ACCOUNT, authorization, FORM } from './fakes';

/**
 * The double's HTTP server in front of a stand-in for moto that records
 * what reaches it, both on 127.0.0.1: what is not EKS's arrives byte for
 * byte as sent (so a SigV4 signature over it still holds) while the double
 * notes IAM's role changes, and an injected fault is answered as EKS's
 * front end answers it, without reaching moto.
 */

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

let upstream: Server;
let received: Received[];
let double: EksPodIdentityDouble | undefined;

beforeAll(async () => {
  received = [];
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(200, { 'content-type': 'text/xml', 'x-moto': 'yes' });
      res.end('<CreateRoleResponse/>');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  // The account is given, so the double asks the stand-in nothing at start.
  double = await startEksPodIdentityDouble({
    motoEndpoint: `http://127.0.0.1:${port}`,
    account: ACCOUNT,
  });
});

afterAll(async () => {
  await double?.stop();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  double?.reset();
});

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Header names as sent, with their case. */
  readonly rawHeaderNames: readonly string[];
  readonly body: string;
}

/** Sends `chunks` as one request's body, in separate writes, and reads the answer. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  chunks: readonly Buffer[] = [],
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${double?.endpoint}${path}`, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaderNames: res.rawHeaders.filter((_, i) => i % 2 === 0),
          body,
        }),
      );
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('a request that is not EKS’s', () => {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: '*' }],
  });
  // Bytes a form encoder could write differently (+ for space, %7E for ~), and a non-ASCII name.
  const body = Buffer.from(
    `Action=CreateRole&Version=2010-05-08&RoleName=r%C3%A9le+a&Path=%2F%7Eteam%2F` +
      `&AssumeRolePolicyDocument=${encodeURIComponent(trust)}`,
  );
  const headers = {
    'content-type': FORM,
    authorization: authorization('iam'),
    'x-amz-date': '20261128T000000Z',
    host: 'iam.example.test:4566',
    'content-length': String(body.length),
  };

  it('reaches moto byte for byte, with its headers, and moto’s answer comes back', async () => {
    const answer = await send('POST', '/?x=1', headers, [body.subarray(0, 7), body.subarray(7)]);
    expect(received).toHaveLength(1);
    expect(received[0].method).toBe('POST');
    expect(received[0].url).toBe('/?x=1');
    expect(received[0].body.equals(body)).toBe(true);
    for (const [name, value] of Object.entries(headers)) {
      expect(received[0].headers[name]).toBe(value);
    }
    expect(answer).toMatchObject({ status: 200, body: '<CreateRoleResponse/>' });
    expect(answer.headers['x-moto']).toBe('yes');
  });

  it('is read for the role change it made once moto said yes', async () => {
    await send('POST', '/', headers, [body]);
    expect(double?.iamChanges()).toEqual([
      {
        kind: 'created',
        roleName: 'réle a',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/~team/réle a`,
        trustPolicy: trust,
      },
    ]);
    expect(double?.operations()).toEqual([]);
  });
});

describe('an injected fault', () => {
  it('is EKS’s throttling answer, and never reaches moto', async () => {
    double?.faults.configure({ throttling: { rate: 1, operations: ['ListAddons'] } });
    const answer = await send('GET', '/clusters/demo/addons', {
      authorization: authorization('eks'),
    });
    expect(answer.status).toBe(429);
    // As AWS writes it (Node reads header names in lower case).
    expect(answer.rawHeaderNames).toContain('x-amzn-ErrorType');
    expect(answer.headers['x-amzn-errortype']).toBe('ThrottlingException');
    expect(JSON.parse(answer.body)).toEqual({ message: 'Rate exceeded' });
    expect(received).toEqual([]);
    expect(double?.operations()).toEqual(['ListAddons']);
    expect(double?.faults.summary().byOperation).toEqual({
      ListAddons: { ThrottlingException: 1 },
    });
  });

  it('drains a body it does not read', async () => {
    double?.faults.configure({ serverErrors: { rate: 1 } });
    const answer = await send(
      'POST',
      '/clusters/demo/pod-identity-associations',
      { 'content-type': 'application/json' },
      [Buffer.from(JSON.stringify({ namespace: 'apps', serviceAccount: 'reader', roleArn: 'x' }))],
    );
    expect([500, 503]).toContain(answer.status);
    expect(answer.headers['x-amzn-errortype']).toBe(
      answer.status === 500 ? 'ServerException' : 'ServiceUnavailableException',
    );
    expect(double?.associations()).toEqual([]);
  });
});

describe('reset', () => {
  it('forgets operations, role changes and fault counts', async () => {
    double?.faults.configure({ throttling: { rate: 1 } });
    await send('GET', '/clusters/demo/addons', {});
    double?.reset();
    expect(double?.operations()).toEqual([]);
    expect(double?.faults.summary().total).toBe(0);
    expect(double?.iamChanges()).toEqual([]);
    expect(double?.timeline.recording).toBe(false);
  });
});
