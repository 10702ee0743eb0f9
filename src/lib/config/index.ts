/**
 * The keepalived.conf language: parse (with keepalived 2.2.7's defaults and diagnostics), print, and
 * lint several nodes' configs together.
 */
export { parseConfig } from './parser';
export type { ParseOptions } from './parser';
export { printConfig } from './print';
export { lintScenario } from './lint';
export { filesResolver } from './include';
export type { Finding, LintInput, LintNode } from './lint-types';
export * from './model';
