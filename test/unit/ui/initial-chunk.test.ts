/**
 * The app's first load stays under 250 kB of gzipped JavaScript (issue 14 §5): the entry chunk and
 * every chunk it imports statically, from a real production build. CodeMirror is not among them: it
 * comes with the config editor, on demand.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { build, type Rollup } from 'vite';
import { REPO_ROOT } from '../../shared-path';

const LIMIT_BYTES = 250_000;

describe('initial JavaScript', () => {
  it('is under 250 kB gzip, without the editor', async () => {
    // Vitest sets NODE_ENV=test, which makes Svelte compile its development build.
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    const result = (await build({
      root: REPO_ROOT,
      configFile: `${REPO_ROOT}/vite.config.ts`,
      mode: 'production',
      logLevel: 'silent',
      build: { write: false, modulePreload: false },
    }).finally(() => (process.env.NODE_ENV = env))) as Rollup.RollupOutput | Rollup.RollupOutput[];
    const output = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
    const chunks = new Map(
      output.filter((o): o is Rollup.OutputChunk => o.type === 'chunk').map((c) => [c.fileName, c]),
    );
    const entry = [...chunks.values()].find((c) => c.isEntry && c.fileName.startsWith('assets/index'));
    expect(entry).toBeDefined();
    const initial = new Set<string>();
    const visit = (name: string) => {
      if (initial.has(name)) return;
      initial.add(name);
      for (const dep of chunks.get(name)?.imports ?? []) visit(dep);
    };
    visit(entry!.fileName);
    const gz = [...initial].reduce((sum, n) => sum + gzipSync(chunks.get(n)!.code, { level: 9 }).length, 0);
    console.log(`initial JS: ${[...initial].join(', ')}: ${(gz / 1000).toFixed(1)} kB gzip`);
    expect(gz).toBeLessThan(LIMIT_BYTES);
    const modules = [...initial].flatMap((n) => Object.keys(chunks.get(n)!.modules));
    expect(modules.filter((m) => m.includes('@codemirror'))).toEqual([]);
    // The editor exists as a chunk of its own, loaded by a dynamic import.
    expect(
      [...chunks.values()].some((c) => Object.keys(c.modules).some((m) => m.includes('@codemirror/view'))),
    ).toBe(true);
  });
});
