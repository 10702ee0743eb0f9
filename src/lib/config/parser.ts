/**
 * keepalived.conf → the completed model (model.ts), with keepalived 2.2.7's diagnostics
 * (docs/vrrp-behaviour.md §7). Never throws for any input text.
 */
import type { Result, TextPosition } from '../trace/diagnostic';
import { defaultGlobalDefs } from './draft';
import type { ConfigDraft, ScriptDraft } from './draft';
import { completeConfig, completeInstance, resolveSyncGroups } from './complete';
import { checkRoutes, checkRules } from './routes';
import { readGlobalDefs, readScript } from './global-script';
import { readInstance } from './instance';
import { dispatch, known, SKIPPED_TOP_BLOCKS, TOP_OPTIONS } from './keywords';
import type { KeywordTable } from './keywords';
import { lexConfig, quoteWord } from './lexer';
import type { IncludeResolver, KeepalivedConfig } from './model';
import { readSyncGroup } from './sync-group';
import { buildTree, lineSpan, stmtSpan, type Stmt } from './tree';
import { Reporter } from './values';

export interface ParseOptions {
  /** The file name, used in diagnostic positions and to resolve relative includes. */
  file?: string;
  /** Looks up `include` targets; without it, includes are reported and skipped. */
  resolveInclude?: IncludeResolver;
  /** keepalived's `-i config-id` for `@id` conditional lines. */
  configId?: string;
}

/**
 * Parses one keepalived.conf text (plus its includes) into the model keepalived 2.2.7 would run,
 * with a diagnostic for each problem keepalived reports. `error` diagnostics mark what keepalived
 * refuses to start with; warnings say which value is used instead.
 */
export function parseConfig(text: string, opts: ParseOptions = {}): Result<KeepalivedConfig> {
  const r = new Reporter();
  const items = lexConfig(text, opts, r.diagnostics);
  const tree = buildTree(items, r.diagnostics);
  const draft: ConfigDraft = {
    globalDefs: defaultGlobalDefs(),
    scripts: [],
    instances: [],
    syncGroups: [],
    skipped: [],
  };
  const scripts = new Map<string, ScriptDraft>();
  const lines = text.split('\n');
  const onNotify = (s: Stmt) => (draft.firstNotifyAt ??= lineSpan(s));
  const named = (s: Stmt, what: string): boolean => {
    if (s.args[0]) return true;
    r.report(
      'config.block-no-name',
      'warning',
      `${what} must have a name`,
      lineSpan(s),
      'The block is skipped.',
    );
    return false;
  };
  const table: KeywordTable = {
    ...known(TOP_OPTIONS, false),
    global_defs: { block: true, handle: (s) => readGlobalDefs(s, draft.globalDefs, r) },
    vrrp_script: {
      block: true,
      handle: (s) => {
        const d = readScript(s, r);
        if (!d) return;
        if (!d.hasCommand)
          return r.report(
            'config.script-missing',
            'warning',
            `No script set for vrrp_script ${d.script.name} - removing`,
            // keepalived notices at the end of the block.
            s.close?.at ?? lineSpan(s),
          );
        scripts.set(d.script.name, d);
        draft.scripts = draft.scripts.filter((x) => x.script.name !== d.script.name).concat(d);
      },
    },
    vrrp_instance: {
      block: true,
      handle: (s) => {
        if (!named(s, 'vrrp_instance')) return;
        if (draft.instances.some((d) => d.inst.name === s.args[0].text)) {
          return r.report(
            'config.instance-duplicate',
            'warning',
            `vrrp instance ${s.args[0].text} already defined`,
            lineSpan(s),
            'The whole block is skipped.',
          );
        }
        draft.instances.push(readInstance(s, r, scripts, onNotify));
      },
    },
    vrrp_sync_group: {
      block: true,
      handle: (s) => {
        if (named(s, 'vrrp_sync_group')) draft.syncGroups.push(readSyncGroup(s, r, scripts, onNotify));
      },
    },
  };
  for (const kw of SKIPPED_TOP_BLOCKS) {
    table[kw] = {
      block: true,
      handle: (s) => {
        const at = stmtSpan(s);
        draft.skipped.push({ keyword: kw, text: sourceText(s, at, lines, opts.file), at });
        if (kw === 'static_routes') checkRoutes(s.block, r);
        if (kw === 'static_rules') checkRules(s.block, r);
        r.report(
          'config.block-skipped',
          'info',
          `${kw} block not modelled by vrrpscope - skipped`,
          lineSpan(s),
        );
      },
    };
  }
  dispatch(tree, table, r);
  resolveSyncGroups(draft, r);
  // What the config tracks as written: completion then drops weighted scripts of owners and sync
  // group members, but keepalived still counts them as used (it runs them, and does not call them
  // unused).
  const tracked = new Set(
    [
      ...draft.instances.flatMap((d) => d.inst.trackScripts),
      ...draft.syncGroups.flatMap((sg) => sg.group.trackScripts),
    ].map((t) => t.name),
  );
  for (const d of draft.instances) {
    const sg = draft.syncGroups.find((g) => g.group.name === d.inst.syncGroup);
    completeInstance(d, draft.globalDefs, r, sg?.trackingWeight);
  }
  completeConfig(draft, r, tracked);
  const value: KeepalivedConfig = {
    file: opts.file,
    globalDefs: draft.globalDefs,
    scripts: draft.scripts.map((d) => d.script),
    instances: draft.instances.map((d) => d.inst),
    syncGroups: draft.syncGroups.map((d) => ({
      ...d.group,
      ...(d.trackingWeight ? { trackingWeight: true } : {}),
    })),
    skipped: draft.skipped,
  };
  return { value, diagnostics: r.diagnostics };
}

/** The block as written when it lies in the main text, else rebuilt from its tokens. */
function sourceText(s: Stmt, at: TextPosition, lines: string[], file: string | undefined): string {
  if (at.file === file && s.close && s.close.at.file === file) {
    const part = lines.slice(at.line - 1, at.endLine).map((l) => l.replace(/\r$/, ''));
    part[part.length - 1] = part[part.length - 1].slice(0, at.endCol - 1);
    part[0] = part[0].slice(at.col - 1);
    return part.join('\n');
  }
  return stmtTokensText(s, '');
}

function stmtTokensText(s: Stmt, indent: string): string {
  const head = indent + [s.keyword, ...s.args].map((t) => quoteWord(t.text)).join(' ');
  if (!s.block) return head;
  return [head + ' {', ...s.block.map((c) => stmtTokensText(c, indent + '  ')), indent + '}'].join('\n');
}
