// The project's import graph, read with the TypeScript compiler the project already uses: every static import and
// re-export, dynamic import() and require(), resolved the way tsc resolves it (NodeNext, so './x.js' finds './x.ts').
// Used by tests/unit/walls.test.ts to forbid import cycles and to keep the inner zones of src/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** One import: the importing file, what it wrote, and the project file it resolves to (undefined for packages). */
export interface ImportEdge {
  from: string;
  spec: string;
  to: string | undefined;
  /** `import type …`, `export type …`, or every named binding marked `type`: erased at run time. */
  typeOnly: boolean;
}

function typeOnlyImport(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
  }
  const clause = node.importClause;
  if (!clause) return false; // import './side-effect.js'
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

/** The module specifiers one source text imports, with whether each import is type-only. */
export function importsIn(fileName: string, text: string): { spec: string; typeOnly: boolean }[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: { spec: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ spec: node.moduleSpecifier.text, typeOnly: typeOnlyImport(node) });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const arg = node.arguments[0];
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if ((isImport || isRequire) && arg && ts.isStringLiteralLike(arg)) out.push({ spec: arg.text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ spec: node.argument.literal.text, typeOnly: true }); // `import('./x.js').T` in a type position
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every project file tsconfig.json includes (paths relative to the root, '/'-separated), with its resolved imports. */
export function projectGraph(): { files: string[]; edges: ImportEdge[] } {
  const configPath = path.join(ROOT, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  const rel = (abs: string): string => path.relative(ROOT, abs).split(path.sep).join('/');
  const files = parsed.fileNames.filter((f) => !f.endsWith('.d.ts')).map(rel).sort();
  const host = ts.createCompilerHost(parsed.options);
  const cache = ts.createModuleResolutionCache(ROOT, (f) => f, parsed.options);
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const abs = path.join(ROOT, file);
    for (const { spec, typeOnly } of importsIn(abs, readFileSync(abs, 'utf8'))) {
      const resolved = ts.resolveModuleName(spec, abs, parsed.options, host, cache).resolvedModule;
      const inProject = resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.includes('/node_modules/');
      edges.push({ from: file, spec, to: inProject ? rel(resolved.resolvedFileName) : undefined, typeOnly });
    }
  }
  return { files, edges };
}

/** The import cycles: each strongly connected group of two or more files (or a file importing itself), sorted. */
export function cycles(edges: { from: string; to: string | undefined }[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!e.to) continue;
    if (!next.has(e.from)) next.set(e.from, new Set());
    if (!next.has(e.to)) next.set(e.to, new Set());
    next.get(e.from)!.add(e.to);
  }
  // Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  for (const start of next.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; it: Iterator<string> }[] = [];
    const open = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, it: next.get(node)!.values() });
    };
    open(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const step = top.it.next();
      if (!step.done) {
        const to = step.value;
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) !== index.get(top.node)) continue;
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== top.node);
      if (group.length > 1 || next.get(top.node)!.has(top.node)) found.push(group.sort());
    }
  }
  return found.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
