#!/usr/bin/env node
// Runs the TypeScript CLI straight from the sources, so `npx vrrpscope` works in a fresh clone
// right after `npm install`, with no build step.
//
// `analyze` is timed against tshark, and compiling the sources through tsx's loader costs ~0.25 s
// and ~30 MiB per run. So its module is bundled once with esbuild (tsx's own dependency) into
// node_modules/.cache/vrrpscope/, and reused while every input file keeps the mtime recorded at
// build time; a changed source rebuilds it. Any failure (no esbuild, read-only node_modules) falls
// back to tsx, which every other command uses.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const cacheDir = join(root, 'node_modules/.cache/vrrpscope');
/**
 * Commands whose module runs from a bundle (they import nothing that needs tsx at run time), with
 * the worker threads they start: each worker is bundled beside it under its own name, so the
 * command's `new URL('./NAME.mjs', import.meta.url)` finds the bundle there and the tsx shim in src/cli.
 */
const BUNDLED = new Map([
  ['analyze', ['analyze-worker']],
  ['investigate', ['investigate-worker']],
]);

/** True when every input recorded in the stamp still has its recorded mtime. */
function fresh(stampFile) {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    for (const [file, mtimeMs] of Object.entries(stamp.inputs))
      if (statSync(join(root, file)).mtimeMs !== mtimeMs) return false;
    return true;
  } catch {
    return false;
  }
}

/** The URL of the command's bundle, building it when missing or stale; null when it cannot be. */
async function bundled(name) {
  const out = join(cacheDir, `${name}.mjs`);
  const stampFile = join(cacheDir, `${name}.json`);
  if (fresh(stampFile)) return pathToFileURL(out).href;
  try {
    const { buildSync } = await import('esbuild');
    const r = buildSync({
      entryPoints: [name, ...BUNDLED.get(name)].map((n) => join(here, `${n}.ts`)),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      metafile: true,
      outdir: cacheDir,
      outExtension: { '.js': '.mjs' },
      logLevel: 'silent',
    });
    const inputs = {};
    for (const file of Object.keys(r.metafile.inputs)) {
      const rel = relative(root, resolve(process.cwd(), file));
      inputs[rel] = statSync(join(root, rel)).mtimeMs;
    }
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename: concurrent runs never see a half-written bundle or a stamp without it.
    const tmp = `.${process.pid}`;
    for (const file of r.outputFiles) {
      writeFileSync(file.path + tmp, file.contents);
      renameSync(file.path + tmp, file.path);
    }
    writeFileSync(stampFile + tmp, JSON.stringify({ inputs }));
    renameSync(stampFile + tmp, stampFile);
    return pathToFileURL(out).href;
  } catch {
    return null;
  }
}

const argv = process.argv.slice(2);
const url = BUNDLED.has(argv[0]) ? await bundled(argv[0]) : null;
if (url) {
  const module = await import(url);
  const rest = argv.slice(1);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(module.help + '\n');
    process.exitCode = 0;
  } else process.exitCode = await module.run(rest);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('./main.ts');
  process.exitCode = await main(argv);
}
