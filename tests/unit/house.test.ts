// The shape of the house (issue 23): no import cycle among the source modules, functions and files a reader can hold,
// and docs that name no folder of the machine they were written on. Read from the sources (TypeScript with the
// compiler API, docs as text), beside the compiled tests: nothing runs.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Every source folder but tests/; the .ts files at the top (playwright.config.ts) are read too. */
const SOURCE_FOLDERS = ['harness', 'scenarios', 'mock-servers', 'reports', 'scripts'];

/**
 * Type-only imports a cycle may pass through. The one kept on purpose: the scenario types name check ids, whose list
 * is the checks' index. Each entry must still exist, so a removed import takes its entry with it.
 */
const ALLOWED_TYPE_IMPORTS = [['scenarios/types.ts', 'scenarios/checks/index.ts']];

/**
 * Files that may be longer than MAX_FILE_LINES because they are tables, each with why its length is data. The test
 * below holds them to it: their code (lines outside top-level data statements) fits in MAX_DATA_FILE_CODE_LINES.
 */
const DATA_FILES: Record<string, string> = {
  'scenarios/requirement-quotes.ts': "the specifications' sentences, quoted per requirement and revision",
  'scenarios/official-parity.ts': "the official conformance suite's checks, each mapped to ours with a note",
  'scenarios/requirements.ts': 'the requirement table: id, level, revision, summary, source and link of each',
};
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
const MAX_DATA_FILE_CODE_LINES = 100;

const isTypeScript = (path: string) => path.endsWith('.ts') && !path.endsWith('.d.ts');

/** Every TypeScript source file outside tests/, by its path from the repository root with '/'. */
function sourceFiles(): string[] {
  const topLevel = readdirSync(ROOT, { withFileTypes: true }).filter((entry) => entry.isFile() && isTypeScript(entry.name));
  return [
    ...topLevel.map((entry) => entry.name),
    ...SOURCE_FOLDERS.flatMap((folder) =>
      readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
        .filter(isTypeScript)
        .map((path) => posix.join(folder, path.split('\\').join('/'))),
    ),
  ].sort();
}

const parsed = new Map<string, ts.SourceFile>();
function sourceOf(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (!source) {
    source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
    parsed.set(file, source);
  }
  return source;
}

/** The relative module specifiers of static imports and re-exports in `source`, as written. */
function specifiersOf(source: ts.SourceFile): string[] {
  return source.statements.flatMap((statement) =>
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
    statement.moduleSpecifier &&
    ts.isStringLiteral(statement.moduleSpecifier) &&
    statement.moduleSpecifier.text.startsWith('.')
      ? [statement.moduleSpecifier.text]
      : [],
  );
}

/** The source file a relative specifier of `from` names ('./x.js' is x.ts), if it is one of `files`. */
function resolved(from: string, specifier: string, files: Set<string>): string | undefined {
  const target = posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, '.ts');
  return files.has(target) ? target : undefined;
}

type Graph = Map<string, string[]>;

/**
 * Two graphs of the same modules: every import (type-only ones included), and the imports that remain in the
 * JavaScript Node loads; TypeScript drops an import whose names are used only as types, which transpiling shows.
 * Transpiling is most of this test's time, so only the modules on a cycle of the first graph are transpiled: a cycle
 * Node loads is one of those, and elsewhere the loaded graph keeps every import (no cycle can run through them).
 */
function importGraphs(files: string[]): { all: Graph; loaded: Graph } {
  const known = new Set(files);
  const edges = (file: string, specifiers: string[]) => [
    ...new Set(specifiers.map((s) => resolved(file, s, known)).filter((t): t is string => t !== undefined)),
  ];
  const all: Graph = new Map(files.map((file) => [file, edges(file, specifiersOf(sourceOf(file)))]));
  const onCycle = new Set(cyclicComponents(all).flat());
  const loaded: Graph = new Map(
    files.map((file) => {
      if (!onCycle.has(file)) return [file, all.get(file)!];
      const js = ts.transpileModule(sourceOf(file).text, {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      return [file, edges(file, specifiersOf(ts.createSourceFile(file, js, ts.ScriptTarget.Latest, false)))];
    }),
  );
  return { all, loaded };
}

/** The strongly connected components of a graph that hold a cycle: more than one module, or a module importing itself. */
function cyclicComponents(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components;
}

/** The cycles of a graph, one per cyclic strongly connected component, as a path. */
function cycles(graph: Graph): string[][] {
  return cyclicComponents(graph).map((component) => cyclePath(graph, new Set(component)));
}

/** One cycle through a strongly connected component, from its first module in path order: a → b → … → a. */
function cyclePath(graph: Graph, component: Set<string>): string[] {
  const start = [...component].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
}

const without = (graph: Graph, removed: string[][]): Graph =>
  new Map([...graph].map(([from, to]) => [from, to.filter((target) => !removed.some(([a, b]) => a === from && b === target))]));

/** The 1-based line of a position in `source`. */
const lineOf = (source: ts.SourceFile, position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
/** How many lines a node spans, from its first token to its end. */
const linesOf = (source: ts.SourceFile, node: ts.Node) => lineOf(source, node.end) - lineOf(source, node.getStart(source)) + 1;
const fileLines = (file: string) => lineOf(sourceOf(file), sourceOf(file).end);

/** The name a reader finds a function by: its own, else the variable, property or call it is given to. */
function functionName(node: ts.SignatureDeclaration, source: ts.SourceFile): string {
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name) return parent.name.getText(source);
  if (ts.isCallExpression(parent)) return `(a function given to ${parent.expression.getText(source).slice(0, 40)})`;
  return '(anonymous)';
}

/** Functions longer than the limit (declarations, methods, arrows, function expressions with a body), as file:line name: length. */
function longFunctions(file: string): string[] {
  const source = sourceOf(file);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const lines = linesOf(source, node);
      if (lines > MAX_FUNCTION_LINES)
        found.push(`${file}:${lineOf(source, node.getStart(source))} ${functionName(node, source)}: ${lines} lines (limit ${MAX_FUNCTION_LINES})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The lines of a file that are code rather than table: outside its top-level data statements, a constant bound to
 * anything but a function (`const QUOTES = {…}`) or a statement that adds to a table (`REQUIREMENTS.push({…})`).
 */
function codeLines(file: string): number {
  const source = sourceOf(file);
  const isFunction = (e: ts.Expression | undefined) => !e || ts.isArrowFunction(e) || ts.isFunctionExpression(e);
  const data = source.statements
    .filter(
      (statement) =>
        (ts.isVariableStatement(statement) && statement.declarationList.declarations.every((d) => !isFunction(d.initializer))) ||
        ts.isExpressionStatement(statement),
    )
    .reduce((n, statement) => n + linesOf(source, statement), 0);
  return fileLines(file) - data;
}

describe('the house', () => {
  const files = sourceFiles();
  const { all, loaded } = importGraphs(files);

  it('reads the source folders', () => {
    for (const folder of SOURCE_FOLDERS)
      assert.ok(
        files.some((f) => f.startsWith(`${folder}/`)),
        `no source file found in ${folder}/`,
      );
    assert.ok((loaded.get('harness/cli.ts') ?? []).length > 0, 'the CLI imports modules: the import graph is read (else the cycle tests below could not fail)');
  });

  it('has no import cycle among the modules Node loads', () => {
    const found = cycles(loaded);
    assert.deepEqual(
      found.map((c) => c.join(' → ')),
      [],
      'import cycles (the modules Node loads):',
    );
  });

  it('has no type-only import cycle but the deliberate CheckId one', () => {
    for (const [from, to] of ALLOWED_TYPE_IMPORTS)
      assert.ok(all.get(from!)?.includes(to!), `${from} no longer imports ${to}: drop it from ALLOWED_TYPE_IMPORTS`);
    const found = cycles(without(all, ALLOWED_TYPE_IMPORTS));
    assert.deepEqual(
      found.map((c) => c.join(' → ')),
      [],
      'import cycles, type-only imports included:',
    );
  });

  it('keeps the reference client independent of scenarios/, whose code judges clients', () => {
    const reached = new Set<string>();
    const reach = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const next of all.get(file) ?? []) reach(next);
    };
    reach('harness/clients/programs/reference-client.ts');
    assert.ok(reached.has('harness/clients/programs/reference-fetch.ts'), 'the reference client is read with its modules');
    assert.deepEqual(
      [...reached].filter((f) => !f.startsWith('harness/clients/programs/reference-')),
      [],
      'the reference client reaches modules outside its own (harness/clients/programs/reference-*.ts)',
    );
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    assert.deepEqual(files.flatMap(longFunctions), []);
  });

  it(`has no file over ${MAX_FILE_LINES} lines but data tables`, () => {
    const long = files
      .filter((file) => !(file in DATA_FILES) && fileLines(file) > MAX_FILE_LINES)
      .map((file) => `${file}: ${fileLines(file)} lines (limit ${MAX_FILE_LINES})`);
    assert.deepEqual(long, []);
  });

  it('holds each data file to being data: long only for its tables', () => {
    for (const file of Object.keys(DATA_FILES)) {
      assert.ok(files.includes(file), `${file} is gone: drop it from DATA_FILES`);
      assert.ok(fileLines(file) > MAX_FILE_LINES, `${file} fits in ${MAX_FILE_LINES} lines now: drop it from DATA_FILES`);
      const code = codeLines(file);
      assert.ok(
        code <= MAX_DATA_FILE_CODE_LINES,
        `${file} has ${code} lines of code besides its tables (limit ${MAX_DATA_FILE_CODE_LINES}): move the code out`,
      );
    }
  });
});

/**
 * A folder of the machine a doc was written on, quoted from a run's output: its user's home or a workspace
 * (/home/NAME/, /Users/NAME/, /root/, /work/, C:\\Users\\NAME\\), or a temporary folder's contents (/tmp/NAME/…, or
 * a mktemp-made name such as /tmp/mcp-oauth-conformance-worker-t5qApS). A path counts only where one starts: at the
 * start of a line, after a space, a quote, a bracket, `=`, `:` or `,`, or as a file: URL; so a URL's own path
 * (https://example.com/home/x/) is none. An example that names a folder to write to (`--out /tmp/results`) is no
 * machine path: no home, no workspace, nothing inside it. `~/.cache/…` and $TMPDIR/… are how docs name such folders.
 */
const MACHINE_PATH = new RegExp(
  String.raw`(?:^|[\s\x60'"([{<=:,]|file://)(` +
    [
      String.raw`/(?:home|Users)/[^/\s\x60'"]+/`,
      String.raw`/(?:root|work)/`,
      String.raw`[A-Za-z]:\\Users\\[^\\\s]+\\`,
      String.raw`/(?:tmp|var/tmp|private/tmp|var/folders)/[^/\s\x60'")]+/`,
      String.raw`/tmp/[^/\s\x60'")]*[-.](?=[a-z]*[A-Z0-9])[A-Za-z0-9]{6,12}\b`,
    ].join('|') +
    ')',
  'gm',
);

/** Every text file under docs/ and the Markdown files at the top (README.md, CONTRIBUTING.md). */
function docFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .map((path) => posix.join('docs', path.split('\\').join('/')))
    .filter((path) => /\.(md|txt|json|ya?ml|html)$/.test(path));
  const top = readdirSync(ROOT).filter((name) => name.endsWith('.md'));
  return [...top, ...docs].sort();
}

/** The machine paths in `text`, each as `file:line path`. */
export function machinePaths(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => [...line.matchAll(MACHINE_PATH)].map((m) => `${file}:${i + 1} ${m[1]}`));
}

describe('the docs', () => {
  it('name no folder of the machine they were written on', () => {
    const files = docFiles();
    assert.ok(files.includes('docs/client-verdicts.md') && files.includes('README.md'), 'the docs are read');
    assert.deepEqual(
      files.flatMap((file) => machinePaths(file, readFileSync(join(ROOT, file), 'utf8'))),
      [],
      'absolute paths of a machine (write them as ~/…, $TMPDIR/… or relative to the repository)',
    );
  });

  it('tell a machine path from a URL path or an example folder', () => {
    const found = (line: string) => machinePaths('x.md', line).map((f) => f.replace('x.md:1 ', ''));
    assert.deepEqual(found('After: `/work/verdict-results/agent-round/opencode-newest` (opencode'), ['/work/']);
    assert.deepEqual(found('--out /home/ci/runs/x'), ['/home/ci/']);
    assert.deepEqual(found('open file:///root/report/index.html'), ['/root/']);
    assert.deepEqual(found('directory=/tmp/mcp-oauth-conformance-worker-t5qApS and more'), ['/tmp/mcp-oauth-conformance-worker-t5qApS']);
    assert.deepEqual(found('wrote /tmp/disp-before/results.json'), ['/tmp/disp-before/']);
    assert.deepEqual(found('C:\\Users\\ada\\AppData'), ['C:\\Users\\ada\\']);
    for (const fine of [
      'npx mcp-oauth-conformance --out /tmp/results --junit /tmp/junit.xml',
      'see https://example.com/home/user/docs and http://127.0.0.1:8080/tmp/x/y',
      '`~/.cache/mcp-oauth-conformance` and $TMPDIR/mcp-oauth-conformance-worker-t5qApS/',
      'the /tmp/conformance-output folder',
      'GET /.well-known/oauth-protected-resource/work/mcp',
    ])
      assert.deepEqual(found(fine), [], fine);
  });
});
