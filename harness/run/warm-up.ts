import { loadSdk } from '../../mock-servers/mcp-endpoint.js';
import { clientMetadataValidator } from '../../mock-servers/registration-schema.js';

let warmed = false;
/** Scenarios between their start and their client's launch: the one-time warm-up waits until none is, so it delays no set-up. */
let settingUp = 0;

/**
 * Loads once what every run needs (the MCP SDK, the registration validator) right
 * after the first client is launched: the harness idles while the client boots, so this work neither delays
 * a scenario's set-up nor sits on a request's path.
 */
function warmUpOnce(): void {
  if (warmed) return;
  warmed = true;
  loadSdk().catch(() => undefined); // a load error surfaces on the first MCP request
  setImmediate(() => clientMetadataValidator());
}

/**
 * Counts a scenario as setting up until its client is `launched` (then, with no other scenario setting up, the
 * warm-up runs) or it `ended` without a launch; each is counted once, whichever comes first.
 */
export function settingUpScenario(): { launched: () => void; ended: () => void } {
  settingUp += 1;
  let setUp = false;
  const ended = () => {
    if (!setUp) settingUp -= 1;
    setUp = true;
  };
  return {
    launched: () => {
      ended();
      if (settingUp === 0) warmUpOnce();
    },
    ended,
  };
}
