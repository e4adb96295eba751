/**
 * Security settings shared by the Deployment and the verification Job, in
 * the spirit of cdk8s+'s defaults: no privilege escalation, no Linux
 * capabilities, the container runtime's default seccomp profile.
 */
export interface PodSecurityOptions {
  /** Apply the hardened settings. */
  readonly hardened: boolean;
  /** Refuse to start containers whose image runs as root. */
  readonly runAsNonRoot: boolean;
}

/** Pod-level `security_context`, or undefined when there is nothing to set. */
export function podSecurityContext(options: PodSecurityOptions) {
  if (!options.hardened && !options.runAsNonRoot) return undefined;
  return {
    ...(options.hardened && { seccompProfile: { type: 'RuntimeDefault' } }),
    ...(options.runAsNonRoot && { runAsNonRoot: true }),
  };
}

/** Container-level `security_context`, or undefined without hardening. */
export function containerSecurityContext(options: PodSecurityOptions) {
  if (!options.hardened) return undefined;
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
  };
}
