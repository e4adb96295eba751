import {
  mayBeIamChange,
  observeIamRequest,
  signingService,
} from '../../support/eks-double/iam-observation';
import { ACCOUNT, authorization, FORM, iamRequest } from './fakes';

/**
 * Reading IAM's query protocol as it passes the double: the form-encoded
 * body and moto's status, in; the role change, out.
 */

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: '*' }],
});

describe('observeIamRequest', () => {
  it('reads CreateRole: name, ARN with its path, and the trust policy as sent', () => {
    expect(
      observeIamRequest(
        iamRequest({
          Action: 'CreateRole',
          RoleName: 'eks-pod-identity-a',
          Path: '/pods/',
          AssumeRolePolicyDocument: TRUST,
        }),
        ACCOUNT,
      ),
    ).toEqual({
      kind: 'created',
      roleName: 'eks-pod-identity-a',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/pods/eks-pod-identity-a`,
      trustPolicy: TRUST,
    });
  });

  it('gives a role without a Path the path /', () => {
    const change = observeIamRequest(
      iamRequest({ Action: 'CreateRole', RoleName: 'a', AssumeRolePolicyDocument: TRUST }),
      ACCOUNT,
    );
    expect(change).toMatchObject({ roleArn: `arn:aws:iam::${ACCOUNT}:role/a` });
  });

  it('reads UpdateAssumeRolePolicy and DeleteRole', () => {
    expect(
      observeIamRequest(
        iamRequest({ Action: 'UpdateAssumeRolePolicy', RoleName: 'a', PolicyDocument: TRUST }),
        ACCOUNT,
      ),
    ).toEqual({ kind: 'trust-updated', roleName: 'a', trustPolicy: TRUST });
    expect(observeIamRequest(iamRequest({ Action: 'DeleteRole', RoleName: 'a' }), ACCOUNT)).toEqual(
      {
        kind: 'deleted',
        roleName: 'a',
      },
    );
  });

  it('reads parameters from the query string when the body lacks them', () => {
    const change = observeIamRequest(
      iamRequest({}, { url: '/?Action=DeleteRole&RoleName=a', body: Buffer.from('') }),
      ACCOUNT,
    );
    expect(change).toEqual({ kind: 'deleted', roleName: 'a' });
  });

  it('reads an unsigned request (moto does not need a signature)', () => {
    const change = observeIamRequest(
      iamRequest({ Action: 'DeleteRole', RoleName: 'a' }, { headers: { 'content-type': FORM } }),
      ACCOUNT,
    );
    expect(change).toEqual({ kind: 'deleted', roleName: 'a' });
  });

  it.each([
    ['moto refused it', iamRequest({ Action: 'DeleteRole', RoleName: 'a' }, { status: 409 })],
    ['another IAM action', iamRequest({ Action: 'AttachRolePolicy', RoleName: 'a' })],
    [
      'another service',
      iamRequest(
        { Action: 'DeleteRole', RoleName: 'a' },
        {
          headers: { 'content-type': FORM, authorization: authorization('sts') },
        },
      ),
    ],
    ['no role name', iamRequest({ Action: 'DeleteRole' })],
    ['an empty role name', iamRequest({ Action: 'DeleteRole', RoleName: '' })],
    [
      'a body too large to copy',
      iamRequest({ Action: 'DeleteRole', RoleName: 'a' }, { body: undefined }),
    ],
    ['a GET', iamRequest({ Action: 'DeleteRole', RoleName: 'a' }, { method: 'GET' })],
    [
      'a JSON body',
      iamRequest(
        { Action: 'DeleteRole', RoleName: 'a' },
        {
          headers: { 'content-type': 'application/json', authorization: authorization('iam') },
        },
      ),
    ],
  ])('sees no change when %s', (_, request) => {
    expect(observeIamRequest(request, ACCOUNT)).toBeUndefined();
  });
});

describe('mayBeIamChange', () => {
  it('copies form-encoded POSTs signed for IAM or not signed', () => {
    expect(
      mayBeIamChange('POST', { 'content-type': FORM, authorization: authorization('iam') }),
    ).toBe(true);
    expect(mayBeIamChange('POST', { 'content-type': 'Application/X-WWW-Form-Urlencoded' })).toBe(
      true,
    );
  });

  it('lets S3 uploads, JSON APIs and other signed services stream past uncopied', () => {
    expect(mayBeIamChange('PUT', { 'content-type': 'application/octet-stream' })).toBe(false);
    expect(mayBeIamChange('POST', { 'content-type': 'application/x-amz-json-1.1' })).toBe(false);
    expect(
      mayBeIamChange('POST', { 'content-type': FORM, authorization: authorization('sts') }),
    ).toBe(false);
  });
});

describe('signingService', () => {
  it('reads the service from a SigV4 credential scope', () => {
    expect(signingService({ authorization: authorization('iam') })).toBe('iam');
    expect(signingService({})).toBeUndefined();
  });
});
