// Declares cdktf's matchers for TypeScript; nothing is loaded at run time.
import type {} from 'cdktf/lib/testing/adapters/jest';
import { CONFIG_VARIABLES } from '../../read/load-config';

/**
 * cdktf's matchers (toHaveResourceWithProperties, ...), loaded on first use:
 * loading cdktf costs a few tenths of a second, and Jest loads the setup
 * again for every test file, most of which (presets, the configuration)
 * never use them.
 */
const CDKTF_MATCHERS = [
  'toHaveResource',
  'toHaveResourceWithProperties',
  'toHaveDataSource',
  'toHaveDataSourceWithProperties',
  'toHaveProvider',
  'toHaveProviderWithProperties',
  'toBeValidTerraform',
  'toPlanSuccessfully',
] as const;

type Matcher = (this: jest.MatcherContext, ...args: unknown[]) => jest.CustomMatcherResult;
let loaded: Readonly<Record<string, Matcher>> | undefined;

/** cdktf's own matchers, as its Jest adapter registers them. */
function cdktfMatchers(): Readonly<Record<string, Matcher>> {
  if (loaded === undefined) {
    const extend = expect.extend;
    let captured: Record<string, Matcher> = {};
    expect.extend = (matchers) => {
      captured = matchers as Record<string, Matcher>;
      extend.call(expect, matchers);
    };
    try {
      // Loaded here, when a test first needs it; matchers are synchronous, so require.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('cdktf/lib/testing/adapters/jest') as { setupJest(): void }).setupJest();
    } finally {
      expect.extend = extend;
    }
    loaded = captured;
  }
  return loaded;
}

expect.extend(
  Object.fromEntries(
    CDKTF_MATCHERS.map((name) => [
      name,
      function (this: jest.MatcherContext, ...args: unknown[]) {
        return cdktfMatchers()[name].apply(this, args);
      },
    ]),
  ),
);

// The machine's environment must not change what the tests see.
for (const name of CONFIG_VARIABLES) Reflect.deleteProperty(process.env, name);
