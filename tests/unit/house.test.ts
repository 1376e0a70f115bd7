// The shape of the house (issue 23): no import cycle among the source modules, and functions and files a reader can
// hold. Read from the TypeScript sources with the compiler API, beside the compiled tests: nothing runs.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SOURCE_FOLDERS = ['harness', 'scenarios', 'mock-servers', 'reports', 'scripts'];

/**
 * Type-only imports a cycle may pass through. The one kept on purpose: the scenario types name check ids, whose list
 * is the checks' index. Each entry must still exist, so a removed import takes its entry with it.
 */
const ALLOWED_TYPE_IMPORTS = [['scenarios/types.ts', 'scenarios/checks/index.ts']];

/** Data, not code: tables of quotes and requirements, whose length is the specifications'. */
const DATA_FILES = ['scenarios/requirement-quotes.ts', 'scenarios/official-parity.ts', 'scenarios/requirements.ts'];
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

/** Every TypeScript source file, by its path from the repository root with '/'. */
function sourceFiles(): string[] {
  return SOURCE_FOLDERS.flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))
      .map((path) => posix.join(folder, path.split('\\').join('/'))),
  ).sort();
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
 */
function importGraphs(files: string[]): { all: Graph; loaded: Graph } {
  const known = new Set(files);
  const all: Graph = new Map();
  const loaded: Graph = new Map();
  for (const file of files) {
    const source = sourceOf(file);
    const edges = (specifiers: string[]) => [...new Set(specifiers.map((s) => resolved(file, s, known)).filter((t): t is string => t !== undefined))];
    all.set(file, edges(specifiersOf(source)));
    const js = ts.transpileModule(source.text, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    loaded.set(file, edges(specifiersOf(ts.createSourceFile(file, js, ts.ScriptTarget.Latest, false))));
  }
  return { all, loaded };
}

/** The cycles of a graph, one per strongly connected component of more than one module (or a module importing itself), as a path. */
function cycles(graph: Graph): string[][] {
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
  return components.map((component) => cyclePath(graph, new Set(component)));
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

/** Functions longer than the limit (declarations, methods, arrows, function expressions with a body). */
function longFunctions(file: string): string[] {
  const source = sourceOf(file);
  const line = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const lines = line(node.end) - line(node.getStart(source)) + 1;
      const name = 'name' in node && node.name ? node.name.getText(source) : '(anonymous)';
      if (lines > MAX_FUNCTION_LINES) found.push(`${file}:${line(node.getStart(source))} ${name}: ${lines} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
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
    reach('harness/clients/reference-client.ts');
    assert.ok(reached.has('harness/clients/reference-fetch.ts'), 'the reference client is read with its modules');
    assert.deepEqual(
      [...reached].filter((f) => !f.startsWith('harness/clients/reference-')),
      [],
      'the reference client reaches modules outside its own (harness/clients/reference-*.ts)',
    );
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    assert.deepEqual(files.filter(lengthLimitsHold).flatMap(longFunctions), []);
  });

  it(`has no file over ${MAX_FILE_LINES} lines but data tables`, () => {
    const long = files
      .filter((file) => lengthLimitsHold(file) && !DATA_FILES.includes(file))
      .map((file) => ({ file, lines: sourceOf(file).getLineAndCharacterOfPosition(sourceOf(file).end).line + 1 }))
      .filter(({ lines }) => lines > MAX_FILE_LINES);
    assert.deepEqual(long, []);
    for (const file of DATA_FILES) assert.ok(files.includes(file), `${file} is gone: drop it from DATA_FILES`);
  });
});

/**
 * Where the length limits hold: the parts issue 23 has split so far. Once harness/, reports/ and scripts/ are split too,
 * the line below becomes `return SOURCE_FOLDERS.some((folder) => file.startsWith(`${folder}/`));`.
 */
function lengthLimitsHold(file: string): boolean {
  return [
    'scenarios/',
    'mock-servers/',
    'harness/clients/reference-',
    'harness/clients/sdk-driver.ts',
    'harness/run/',
    'harness/bisect-search.ts',
    'harness/bisect.ts',
    'harness/versions.ts',
    'harness/several-clients.ts',
    'harness/command-line.ts',
    'harness/commands/',
    'harness/session/',
  ].some((held) => file.startsWith(held));
}
