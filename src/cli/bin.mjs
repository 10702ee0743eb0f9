#!/usr/bin/env node
// Runs the TypeScript CLI straight from the sources, so `npx vrrpscope` works in a fresh clone
// right after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
