/**
 * The ucarp command line (ucarp 1.5.2, src/ucarp.c and ucarp_p.h): `ucarp --vhid=7 --pass=s3cret
 * --addr=192.168.50.100 --srcip=192.168.50.11 --advbase=1 --advskew=100 --preempt`, as getopt_long
 * reads it (long options with `=` or a separate value, unambiguous prefixes, short options bundled or
 * with their value attached), with ucarp's own refusals and messages. The text may span lines
 * (backslash-newline, `#` comments) and quote values as a shell does; every diagnostic points at the
 * word it is about.
 */
import { parseIP } from '../net/address';
import type { Diagnostic, TextPosition } from '../trace/diagnostic';

/** A ucarp node's configuration: what its command line sets, defaults applied. */
export interface UcarpConfig {
  interface?: string;
  srcip?: string;
  /** Default 224.0.0.18, the group VRRP uses too. */
  mcastip: string;
  /** 1..255; absent when missing or refused (ucarp does not start). */
  vhid?: number;
  pass?: string;
  /** `--passfile`: read from a file the scenario does not have. */
  passfile?: string;
  preempt: boolean;
  neutral: boolean;
  addr?: string;
  /** Seconds (unsigned char: ucarp keeps the value mod 256). Default 1. */
  advbase: number;
  /** 1/256 s (unsigned char). Default 0. */
  advskew: number;
  deadratio: number;
  /** `--shutdown` (-z): on SIGTERM, run the down script before exiting. */
  shutdown: boolean;
  ignoreifstate: boolean;
  /** `--nomcast` (-M): adverts to the broadcast MAC. */
  nomcast: boolean;
  upscript?: string;
  downscript?: string;
  xparam?: string;
  /** Where each option was given (long name → the word), for diagnostics and lint. */
  at: Partial<Record<UcarpOption, TextPosition>>;
  /** The whole command line (the first word). */
  start?: TextPosition;
}

type UcarpOption = (typeof OPTIONS)[number][0];

/** ucarp_p.h `long_options` and GETOPT_OPTIONS: long name, short letter, takes a value. */
const OPTIONS = [
  ['interface', 'i', true],
  ['srcip', 's', true],
  ['mcastip', 'm', true],
  ['vhid', 'v', true],
  ['pass', 'p', true],
  ['preempt', 'P', false],
  ['neutral', 'n', false],
  ['addr', 'a', true],
  ['help', 'h', false],
  ['advbase', 'b', true],
  ['advskew', 'k', true],
  ['upscript', 'u', true],
  ['downscript', 'd', true],
  ['deadratio', 'r', true],
  ['debug', 'D', false],
  ['shutdown', 'z', false],
  ['facility', 'f', true],
  ['daemonize', 'B', false],
  ['ignoreifstate', 'S', false],
  ['nomcast', 'M', false],
  ['passfile', 'o', true],
  ['xparam', 'x', true],
] as const;

/** CARP_KEY_LEN: the passphrase and its NUL must fit in 20 bytes ("Password too long"). */
const CARP_KEY_LEN = 20;
const DEFAULT_MCASTIP = '224.0.0.18';

interface Word {
  text: string;
  at: TextPosition;
}

/** Shell words with their positions: quotes, backslash escapes, backslash-newline, `#` comments. */
export function shellWords(text: string, file?: string): { words: Word[]; diagnostics: Diagnostic[] } {
  const words: Word[] = [];
  const diagnostics: Diagnostic[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  const advance = () => {
    if (text[i] === '\n') {
      line++;
      col = 1;
    } else col++;
    i++;
  };
  const pos = (l: number, c: number): TextPosition => ({
    ...(file ? { file } : {}),
    line: l,
    col: c,
    endLine: line,
    endCol: col,
  });
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && text[i + 1] === '\n') {
      advance();
      advance();
      continue;
    }
    if (/\s/.test(ch)) {
      advance();
      continue;
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') advance();
      continue;
    }
    const l0 = line;
    const c0 = col;
    let out = '';
    while (i < text.length && !/\s/.test(text[i])) {
      const c = text[i];
      if (c === '\\') {
        advance();
        if (i < text.length && text[i] !== '\n') out += text[i];
        if (i < text.length) advance();
        continue;
      }
      if (c === "'" || c === '"') {
        const open = { line, col };
        advance();
        while (i < text.length && text[i] !== c) {
          if (c === '"' && text[i] === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]))
            advance();
          out += text[i];
          advance();
        }
        if (i >= text.length) {
          diagnostics.push({
            code: 'ucarp.unterminated-quote',
            severity: 'error',
            message: `unterminated ${c === '"' ? 'double' : 'single'} quote`,
            at: {
              ...(file ? { file } : {}),
              line: open.line,
              col: open.col,
              endLine: open.line,
              endCol: open.col + 1,
            },
          });
          break;
        }
        advance();
        continue;
      }
      out += c;
      advance();
    }
    words.push({ text: out, at: pos(l0, c0) });
  }
  return { words, diagnostics };
}

/** strtoul(s, NULL, 0): decimal, 0x hex or 0 octal prefix; the digits it reads, or null for none. */
function strtoul(s: string): number | null {
  const m = /^\s*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
  if (!m) return null;
  const d = m[1];
  if (/^0[xX]/.test(d)) return parseInt(d.slice(2), 16);
  if (d.length > 1 && d[0] === '0') return parseInt(d, 8);
  return parseInt(d, 10);
}

/** Whether the first word names the ucarp binary (`ucarp`, `/usr/sbin/ucarp`). */
const isUcarpWord = (w: string) => /(^|\/)ucarp$/.test(w);

/** Whether a text looks like a ucarp command line rather than a keepalived.conf or FRR config. */
export function looksLikeUcarp(text: string): boolean {
  const { words } = shellWords(text);
  const first = words.find((w) => !/^(sudo|exec|env|[A-Za-z_][A-Za-z0-9_]*=.*)$/.test(w.text));
  if (first && isUcarpWord(first.text)) return true;
  return (
    !text.includes('{') && words.some((w) => /^--(vhid|addr|srcip|advskew|advbase|pass)(=|$)/.test(w.text))
  );
}

/**
 * Reads a ucarp command line as ucarp 1.5.2 does. `value` always holds what ucarp would run with;
 * an `error` diagnostic means ucarp refuses to start (its own message).
 */
export function parseUcarp(
  text: string,
  opts: { file?: string } = {},
): { value: UcarpConfig; diagnostics: Diagnostic[] } {
  const { words, diagnostics } = shellWords(typeof text === 'string' ? text : '', opts.file);
  const cfg: UcarpConfig = {
    mcastip: DEFAULT_MCASTIP,
    preempt: false,
    neutral: false,
    advbase: 1,
    advskew: 0,
    deadratio: 3,
    shutdown: false,
    ignoreifstate: false,
    nomcast: false,
    at: {},
  };
  const err = (
    code: string,
    message: string,
    at?: TextPosition,
    severity: Diagnostic['severity'] = 'error',
  ) => diagnostics.push({ code, severity, message, ...(at ? { at } : {}) });
  let k = 0;
  // Leading words that only launch it: `sudo`, `exec`, `env VAR=…`, the binary itself.
  while (k < words.length && /^(sudo|exec|env|[A-Za-z_][A-Za-z0-9_]*=.*)$/.test(words[k].text)) k++;
  if (k < words.length && isUcarpWord(words[k].text)) {
    cfg.start = words[k].at;
    k++;
  }
  cfg.start ??= words[0]?.at;
  let vhidSeen = false;

  const apply = (name: UcarpOption, value: string | undefined, at: TextPosition) => {
    cfg.at[name] = at;
    const v = value ?? '';
    const address = (set: (a: string) => void) => {
      const ip = parseIP(v);
      if (!ip || ip.family !== 'ipv4' || !/^\d+\.\d+\.\d+\.\d+$/.test(v))
        err('ucarp.invalid-address', `Invalid address: [${v}]`, at);
      else set(v);
    };
    const byte = (label: string, set: (n: number) => void) => {
      const n = strtoul(v);
      if (n === null) {
        err('ucarp.not-a-number', `--${label}=${v}: not a number; ucarp reads 0`, at, 'warning');
        set(0);
      } else {
        if (n > 255)
          err('ucarp.wrapped', `--${label}=${v}: ucarp keeps one byte, so this is ${n % 256}`, at, 'warning');
        set(n % 256);
      }
    };
    switch (name) {
      case 'interface':
        cfg.interface = v;
        break;
      case 'srcip':
        address((a) => (cfg.srcip = a));
        break;
      case 'mcastip':
        address((a) => (cfg.mcastip = a));
        break;
      case 'vhid': {
        vhidSeen = true;
        const n = strtoul(v);
        if (n === null || n < 1 || n > 255) err('ucarp.vhid-range', 'vhid must be between 1 and 255.', at);
        else cfg.vhid = n;
        break;
      }
      case 'pass':
        cfg.pass = v;
        break;
      case 'passfile':
        cfg.passfile = v;
        break;
      case 'preempt':
        cfg.preempt = true;
        break;
      case 'neutral':
        cfg.neutral = true;
        break;
      case 'addr':
        address((a) => (cfg.addr = a));
        break;
      case 'advbase':
        byte('advbase', (n) => (cfg.advbase = n));
        break;
      case 'advskew':
        byte('advskew', (n) => (cfg.advskew = n));
        break;
      case 'upscript':
        cfg.upscript = v;
        break;
      case 'downscript':
        cfg.downscript = v;
        break;
      case 'deadratio':
        cfg.deadratio = strtoul(v) ?? 0;
        break;
      case 'shutdown':
        cfg.shutdown = true;
        break;
      case 'ignoreifstate':
        cfg.ignoreifstate = true;
        break;
      case 'nomcast':
        cfg.nomcast = true;
        break;
      case 'xparam':
        cfg.xparam = v;
        break;
      case 'help':
        err('ucarp.help', '--help: ucarp prints its usage and exits', at);
        break;
      default:
        break;
    }
  };

  for (; k < words.length; k++) {
    const w = words[k];
    if (w.text === '--') {
      for (const rest of words.slice(k + 1))
        err('ucarp.extra-argument', `"${rest.text}" is not an option; ucarp ignores it`, rest.at, 'warning');
      break;
    }
    if (w.text.startsWith('--')) {
      const eq = w.text.indexOf('=');
      const given = w.text.slice(2, eq < 0 ? undefined : eq);
      const exact = OPTIONS.find((o) => o[0] === given);
      const matches = exact ? [exact] : OPTIONS.filter((o) => o[0].startsWith(given));
      if (matches.length !== 1 || given === '') {
        const why =
          matches.length > 1
            ? `option '--${given}' is ambiguous (${matches.map((o) => `--${o[0]}`).join(', ')})`
            : `unrecognized option '--${given}'`;
        err('ucarp.unknown-option', `${why}: ucarp prints its usage and exits`, w.at);
        continue;
      }
      const [name, , takes] = matches[0];
      if (!takes) {
        if (eq >= 0)
          err(
            'ucarp.no-value',
            `option '--${name}' doesn't allow an argument: ucarp prints its usage and exits`,
            w.at,
          );
        else apply(name, undefined, w.at);
        continue;
      }
      if (eq >= 0) apply(name, w.text.slice(eq + 1), w.at);
      else if (k + 1 < words.length) {
        const next = words[++k];
        apply(name, next.text, { ...w.at, endLine: next.at.endLine, endCol: next.at.endCol });
      } else
        err(
          'ucarp.missing-value',
          `option '--${name}' requires an argument: ucarp prints its usage and exits`,
          w.at,
        );
      continue;
    }
    if (w.text.startsWith('-') && w.text.length > 1) {
      for (let j = 1; j < w.text.length; j++) {
        const letter = w.text[j];
        const opt = OPTIONS.find((o) => o[1] === letter);
        const at = { ...w.at, col: w.at.col + j, endLine: w.at.line, endCol: w.at.col + j + 1 };
        if (!opt) {
          err('ucarp.unknown-option', `invalid option -- '${letter}': ucarp prints its usage and exits`, at);
          continue;
        }
        if (!opt[2]) {
          apply(opt[0], undefined, at);
          continue;
        }
        if (j + 1 < w.text.length) apply(opt[0], w.text.slice(j + 1), { ...at, endCol: w.at.endCol });
        else if (k + 1 < words.length) {
          const next = words[++k];
          apply(opt[0], next.text, { ...at, endLine: next.at.endLine, endCol: next.at.endCol });
        } else
          err(
            'ucarp.missing-value',
            `option requires an argument -- '${letter}': ucarp prints its usage and exits`,
            at,
          );
        break;
      }
      continue;
    }
    err('ucarp.extra-argument', `"${w.text}" is not an option; ucarp ignores it`, w.at, 'warning');
  }

  // ucarp.c main(): its checks after reading the options, in its order.
  const whole = cfg.start;
  if (cfg.interface === undefined)
    err('ucarp.no-interface', 'no --interface: ucarp uses the first interface libpcap finds', whole, 'info');
  if (cfg.vhid === undefined && !vhidSeen)
    err('ucarp.no-vhid', 'You must supply a valid virtual host id', whole);
  if (cfg.passfile !== undefined && cfg.pass === undefined)
    err(
      'ucarp.passfile',
      `--passfile ${cfg.passfile}: the password is read from that file, which vrrpscope cannot see`,
      cfg.at.passfile,
      'warning',
    );
  else if (!cfg.pass) err('ucarp.no-pass', 'You must supply a password', cfg.at.pass ?? whole);
  if (cfg.advbase === 0 && cfg.advskew === 0)
    err('ucarp.no-advbase', 'You must supply an advertisement time base', cfg.at.advbase ?? whole);
  if (cfg.srcip === undefined && !cfg.at.srcip)
    err('ucarp.no-srcip', 'You must supply a persistent source address', whole);
  if (cfg.addr === undefined && !cfg.at.addr)
    err('ucarp.no-addr', 'You must supply a virtual host address', whole);
  if (cfg.deadratio <= 0) err('ucarp.deadratio-zero', "Dead ratio can't be zero", cfg.at.deadratio);
  if (cfg.pass !== undefined && new TextEncoder().encode(cfg.pass).length + 1 > CARP_KEY_LEN)
    err(
      'ucarp.pass-too-long',
      `Password too long (${new TextEncoder().encode(cfg.pass).length} bytes; at most ${CARP_KEY_LEN - 1})`,
      cfg.at.pass,
    );
  return { value: cfg, diagnostics };
}
