// Writes examples/captured-sdk-oidc-provider.yaml: `capture` of a deployment made of third-party parts on loopback
// (tests/deployments/sdk-oidc-provider.ts: oidc-provider behind the official SDK's server-side auth). Run after a
// change to capture's output: `npm run build && node dist/scripts/capture-example.js`.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startThirdPartyDeployment } from '../tests/deployments/sdk-oidc-provider.js';
import { BUILD_ROOT, CLI } from '../tests/helpers.js';

const deployment = await startThirdPartyDeployment();
try {
  // From the repository's root, so the file names itself as a reader will type it.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [CLI, 'capture', deployment.mcpUrl, '--id', 'sdk-oidc-provider', '--out', join('examples', 'captured-sdk-oidc-provider.yaml')],
    { cwd: join(BUILD_ROOT, '..') },
  );
  process.stdout.write(stdout);
} finally {
  await deployment.close();
}
