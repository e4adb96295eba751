import { containerSecurityContext, podSecurityContext } from '../../modules/pod-security';

describe('pod security contexts', () => {
  test('harden with RuntimeDefault seccomp, no privilege escalation and no capabilities', () => {
    expect(podSecurityContext({ hardened: true, runAsNonRoot: false })).toEqual({
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(containerSecurityContext({ hardened: true, runAsNonRoot: false })).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  test('set nothing with hardening off, as example.yaml', () => {
    expect(podSecurityContext({ hardened: false, runAsNonRoot: false })).toBeUndefined();
    expect(containerSecurityContext({ hardened: false, runAsNonRoot: false })).toBeUndefined();
  });

  test('refuse root images on request, hardened or not', () => {
    expect(podSecurityContext({ hardened: false, runAsNonRoot: true })).toEqual({
      runAsNonRoot: true,
    });
    expect(podSecurityContext({ hardened: true, runAsNonRoot: true })).toEqual({
      seccompProfile: { type: 'RuntimeDefault' },
      runAsNonRoot: true,
    });
  });
});
