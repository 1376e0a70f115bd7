// Build step after tsc: the programs the harness starts (the CLI, the namespace worker of each isolated scenario, the
// reference client) are each bundled in place with their dependencies into one file. Node's ES module loader pays per
// module (resolution, a stat per candidate, compilation): the CLI graph is some 700 modules, and loading them was most
// of a run's fixed CPU and of every worker's and reference client's start. The other files of dist/ stay as tsc wrote
// them, for the tests and for programs bundling would change (the SDK driver loads the SDK version under test).
//
//   node dist/scripts/bundle.js
import { build } from 'esbuild';
import { join } from 'node:path';
import { DIST_ROOT } from '../harness/paths.js';

/**
 * Entry points, relative to dist/, each bundled in place: a bundle keeps its file's place, so paths its modules derive
 * from import.meta.url hold (they are written for dist/<folder>/<module>.js, the depth of every bundle and chunk here).
 * The CLI and the worker share their chunks, and what they import dynamically (the SDK, a subcommand, node-forge) is a
 * chunk of its own, loaded when used.
 */
const SPLIT_PROGRAMS = ['harness/cli.js', 'harness/scenario-worker.js'];
/** Bundled alone: a program in a deeper folder, whose chunks would land at another depth. */
const SINGLE_FILE_PROGRAMS = ['harness/clients/programs/reference-client.js'];
export const BUNDLED_PROGRAMS = [...SPLIT_PROGRAMS, ...SINGLE_FILE_PROGRAMS];

/**
 * Left to Node's loader: playwright-core (a large package loaded only with --user-agent browser, and whose browser
 * registry reads files beside its own modules), and undici (loaded only for --tls and capture: its CommonJS exports,
 * imported dynamically through the bundle's interop, lost their classes: "Agent is not a constructor").
 */
const EXTERNAL = ['playwright-core', 'chromium-bidi', 'undici'];

/** Bundled CommonJS dependencies call `require` for Node's built-in modules; an ES module has none of its own. */
const REQUIRE_SHIM = "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);";

/**
 * Reading and compiling a bundle costs in proportion to its bytes: whitespace and syntax are minified, names kept, so
 * a stack trace still names its functions.
 */
const COMMON = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  banner: { js: REQUIRE_SHIM },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
  allowOverwrite: true,
} as const;

async function main(): Promise<void> {
  await build({
    ...COMMON,
    entryPoints: SPLIT_PROGRAMS.map((program) => join(DIST_ROOT, program)),
    outdir: join(DIST_ROOT, 'harness'),
    splitting: true,
    chunkNames: 'bundle-[hash]',
  });
  for (const program of SINGLE_FILE_PROGRAMS) await build({ ...COMMON, entryPoints: [join(DIST_ROOT, program)], outfile: join(DIST_ROOT, program) });
}

await main();
