// Build step (`npm run build`): compiles the JSON Schemas the harness validates with at run time into standalone
// validator modules under <build>/generated/, so no run pays Ajv's compilation (~180 ms of CPU for these two; loading
// the generated code takes ~6 ms).
//   node <build>/scripts/compile-validators.js
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { CLIENT_METADATA_SCHEMA, CLIENT_METADATA_VALIDATOR_FILE } from '../mock-servers/registration-schema.js';
import { RESULTS_SCHEMA_PATH, RESULTS_VALIDATOR_FILE } from '../reports/results-folder.js';

// Both are CommonJS; under NodeNext their default exports arrive wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const standaloneCode = standaloneModule as unknown as typeof standaloneModule.default;
/** The digest a generated validator's first line names: of the schema as JSON. */
export function schemaDigest(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'generated');

/** Each generated file and the schema it is compiled from. */
export const schemas: Record<string, object> = {
  [RESULTS_VALIDATOR_FILE]: JSON.parse(readFileSync(RESULTS_SCHEMA_PATH, 'utf8')) as object,
  [CLIENT_METADATA_VALIDATOR_FILE]: CLIENT_METADATA_SCHEMA,
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  mkdirSync(OUT, { recursive: true });
  for (const [file, schema] of Object.entries(schemas)) {
    // The same options the validators always had: every error reported, formats checked; the schemas themselves are
    // checked against the meta-schema by tests/unit/registration-schema.test.ts.
    const ajv = new Ajv({ allErrors: true, validateSchema: false, code: { source: true } });
    addFormats(ajv);
    // The schema's digest heads the file, so a test can tell a validator compiled from an older schema.
    writeFileSync(join(OUT, file), `// schema sha256: ${schemaDigest(schema)}\n${standaloneCode(ajv, ajv.compile(schema))}`);
  }
  process.stdout.write(`compiled ${Object.keys(schemas).length} validators into ${OUT}\n`);
}
