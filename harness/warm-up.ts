import { clientMetadataValidator } from '../mock-servers/registration-schema.js';
import { resultsValidator } from '../reports/json.js';

let warmed = false;

/**
 * Compiles once what every run needs (the registration and results schemas) right after the first client
 * is launched: the harness is idle while the client boots, so this work leaves every request's path.
 */
export function warmUpOnce(): void {
  if (warmed) return;
  warmed = true;
  setImmediate(() => {
    clientMetadataValidator();
    setImmediate(() => resultsValidator());
  });
}
