/** Building blocks of config files, so each test states only what it is about. */

export function association(namespace: string, serviceAccount: string, extra: object = {}) {
  return { namespace, serviceAccount, ...extra };
}

export function identity(name: string, extra: object = {}) {
  return {
    name,
    associations: [association(name, `${name}-sa`)],
    ...extra,
  };
}
