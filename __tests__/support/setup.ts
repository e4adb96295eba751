import { Testing } from 'cdktf';
// Declares cdktf's matchers for TypeScript.
import 'cdktf/lib/testing/adapters/jest';
import { CONFIG_VARIABLES } from '../../config/read/load-config';

// cdktf's matchers: toHaveResourceWithProperties, toHaveDataSourceWithProperties, ...
Testing.setupJest();

// The machine's environment must not change what the tests see.
for (const name of CONFIG_VARIABLES) Reflect.deleteProperty(process.env, name);
