import { Testing } from 'cdktf';
import { CONFIG_VARIABLES } from '../../config/load-config';

// cdktf's matchers: toHaveResourceWithProperties, toHaveDataSourceWithProperties, ...
Testing.setupJest();

// The machine's environment must not change what the tests see.
for (const name of CONFIG_VARIABLES) Reflect.deleteProperty(process.env, name);
