/**
 * The package map: walks the imports of src/ and fails on a forbidden direction, a package cycle or
 * a file cycle. The allowed directions are read from the README's Design section (the block after
 * `<!-- package-map -->`), so the documented map and the enforced one are the same text.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../shared-path';

const SRC = join(REPO_ROOT, 'src');

/** `lib/trace` for src/lib/trace/**, `ui` for src/ui/**, `main` for src/main.ts. */
function packageOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  if (parts[0] === 'lib' && parts.length > 2) return `lib/${parts[1]}`;
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.ts$/, '');
}

/** The package map of the README: package → the packages it may import. */
export function readPackageMap(readme: string): Map<string, Set<string>> {
  const at = readme.indexOf('<!-- package-map -->');
  if (at < 0) throw new Error('README.md has no <!-- package-map --> block');
  const block = /```text\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error('the package map block is not a ```text fence');
  const map = new Map<string, Set<string>>();
  for (const line of block[1].split('\n')) {
    if (!line.trim()) continue;
    const m = /^(\S+)\s+->(.*)$/.exec(line);
    if (!m) throw new Error(`package map line not understood: ${line}`);
    map.set(m[1], new Set(m[2].split(/\s+/).filter(Boolean)));
  }
  return map;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return sourceFiles(p);
      return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name) ? [p] : [];
    });
}

/** The script of a file (the <script> blocks of a Svelte component). */
function scriptOf(file: string): string {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.svelte')) return text;
  return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

function resolveImport(from: string, spec: string, known: Set<string>): string | null {
  if (!spec.startsWith('.')) return null;
  const base = normalize(join(dirname(from), spec));
  for (const c of [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')])
    if (known.has(c)) return c;
  return null;
}

/** Every file's relative imports (type-only imports included: they tie the layers as much). */
function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const info = ts.preProcessFile(scriptOf(f), true, true);
    const targets = info.importedFiles
      .map((i) => resolveImport(f, i.fileName, known))
      .filter((t): t is string => t !== null && t !== f);
    graph.set(f, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one member (Tarjan), each sorted. */
function cycles(graph: Map<string, Iterable<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

const rel = (f: string) => relative(REPO_ROOT, f);

/**
 * Known violations still being removed, each `from -> to` as files. The test fails when one of them
 * no longer occurs, so that this list only shrinks.
 */
const KNOWN_VIOLATIONS = new Set<string>([]);

describe('the package map', () => {
  const map = readPackageMap(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
  const files = sourceFiles(SRC);
  const graph = importGraph(files);

  it('names every package of src/ and is itself without cycles', () => {
    const packages = new Set(files.map(packageOf));
    expect([...packages].filter((p) => !map.has(p))).toEqual([]);
    for (const targets of map.values()) for (const t of targets) expect(map.has(t), t).toBe(true);
    expect(cycles(map)).toEqual([]);
  });

  it('every import goes in an allowed direction', () => {
    const forbidden: string[] = [];
    for (const [from, targets] of graph) {
      const pf = packageOf(from);
      for (const to of targets) {
        const pt = packageOf(to);
        if (pt !== pf && !map.get(pf)?.has(pt)) forbidden.push(`${rel(from)} -> ${rel(to)}`);
      }
    }
    expect(forbidden.filter((v) => !KNOWN_VIOLATIONS.has(v))).toEqual([]);
    expect([...KNOWN_VIOLATIONS].filter((v) => !forbidden.includes(v))).toEqual([]);
  });

  it('has no package cycle', () => {
    const packages = new Map<string, Set<string>>();
    for (const [from, targets] of graph)
      for (const to of targets) {
        const pf = packageOf(from);
        const pt = packageOf(to);
        if (pf === pt || KNOWN_VIOLATIONS.has(`${rel(from)} -> ${rel(to)}`)) continue;
        if (!packages.has(pf)) packages.set(pf, new Set());
        packages.get(pf)!.add(pt);
      }
    expect(cycles(packages)).toEqual([]);
  });

  it('has no file cycle', () => {
    expect(cycles(graph).map((c) => c.map(rel).join(' <-> '))).toEqual([]);
  });

  it('finds the imports it checks (a cycle planted in a copy of the graph is caught)', () => {
    const a = join(SRC, 'lib/trace/types.ts');
    const b = join(SRC, 'lib/vrrp/advert.ts');
    expect(graph.get(b)).toContain(a);
    const planted = new Map(graph);
    planted.set(a, [...(graph.get(a) ?? []), b]);
    expect(cycles(planted).some((c) => c.includes(a) && c.includes(b))).toBe(true);
  });
});
