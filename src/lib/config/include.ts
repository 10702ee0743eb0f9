/**
 * `include` targets as keepalived expands them (docs/vrrp-behaviour.md §7.1: glob and brace expansion,
 * relative to the including file's directory), over an in-memory set of files — the browser's pasted
 * files — or any list of paths.
 */
import type { IncludeResolver } from './model';

/** `a/b/../c` → `a/c`; keeps a leading `/`. */
export function normalisePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return (path.startsWith('/') ? '/' : '') + out.join('/');
}

/** The include target made absolute (or relative to the including file's directory). */
export function includePath(target: string, fromFile: string | undefined): string {
  if (target.startsWith('/') || !fromFile || !fromFile.includes('/')) return normalisePath(target);
  return normalisePath(`${fromFile.slice(0, fromFile.lastIndexOf('/'))}/${target}`);
}

/** Expands `{a,b}` alternatives (nested allowed), as glob(3) with GLOB_BRACE does. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const cuts: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      const parts: string[] = [];
      let start = open + 1;
      for (const cut of [...cuts, i]) {
        parts.push(pattern.slice(start, cut));
        start = cut + 1;
      }
      const rest = expandBraces(pattern.slice(i + 1));
      return parts
        .flatMap((p) => expandBraces(pattern.slice(0, open) + p))
        .flatMap((head) => rest.map((r) => head + r));
    } else if (c === ',' && depth === 1) cuts.push(i);
  }
  return [pattern];
}

/** A glob (`*`, `?`, `[…]`; `*` does not cross `/`) as a regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * A resolver over known files (path → text), e.g. several configs pasted in the browser. Each brace
 * alternative's matches come sorted, in alternative order (glob(3) with GLOB_BRACE).
 */
export function filesResolver(files: Record<string, string>): IncludeResolver {
  const byPath = new Map(Object.entries(files).map(([p, text]) => [normalisePath(p), { file: p, text }]));
  return (target, fromFile) => {
    const found = new Map<string, { file: string; text: string }>();
    for (const pattern of expandBraces(includePath(target, fromFile))) {
      const re = globToRegExp(pattern);
      const hits = [...byPath.keys()].filter((p) => re.test(p)).sort();
      for (const h of hits) if (!found.has(h)) found.set(h, byPath.get(h)!);
    }
    return [...found.values()];
  };
}
