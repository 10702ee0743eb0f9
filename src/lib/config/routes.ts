/**
 * `virtual_routes` / `virtual_rules` (and the top-level `static_routes` / `static_rules`), checked as
 * keepalived 2.2.7 reads them (`vrrp_iproute.c`, `vrrp_iprule.c`) for the messages its config test
 * prints: an invalid address, a route with no interface (keepalived cannot track it), the deprecated
 * `gw` and `or`, a rule with no preference. vrrpscope does not install routes or rules, so the lines
 * are checked and otherwise kept out of the model.
 */
import { parseCidr } from '../net/address';
import type { Token } from './lexer';
import type { Stmt } from './tree';
import { lineSpan } from './tree';
import type { Reporter } from './values';

/** Route keywords that take one value (ip-route(8)); their value is never the destination. */
const ROUTE_VALUE_KEYWORDS = new Set([
  'table', 'metric', 'priority', 'preference', 'pref', 'scope', 'proto', 'protocol', 'realm', 'realms',
  'mtu', 'advmss', 'rtt', 'rttvar', 'reordering', 'window', 'cwnd', 'initcwnd', 'initrwnd', 'ssthresh',
  'features', 'quickack', 'congctl', 'rto_min', 'hoplimit', 'tos', 'dsfield', 'weight', 'fastopen_no_cookie',
  'ttl-propagate', 'expires', 'encap', 'as',
]); // prettier-ignore

/** Route types written before the destination (`blackhole 10.0.0.0/8`). */
const ROUTE_TYPES = new Set([
  'unicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'local', 'broadcast', 'anycast',
  'multicast', 'nat',
]); // prettier-ignore

/** keepalived numbers rules without a preference downwards from this, in the order it reads them. */
const FIRST_DEFAULT_PREFERENCE = 16384;
/** The next default preference of each parse (one Reporter per parse). */
const nextPreference = new WeakMap<Reporter, number>();

const tokensOf = (s: Stmt): Token[] => [s.keyword, ...s.args];

/** An address with an optional prefix, or null after keepalived's message for an invalid one. */
function address(t: Token | undefined, r: Reporter): ReturnType<typeof parseCidr> {
  if (!t) return null;
  const a = parseCidr(t.text);
  if (!a)
    r.report('config.route-invalid-ip', 'warning', `VRRP parsed invalid IP ${t.text}. skipping IP...`, t.at);
  return a;
}

/** One route line. */
function checkRoute(s: Stmt, r: Reporter): void {
  const tokens = tokensOf(s);
  let dest: string | undefined;
  let dev = false;
  let track = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const w = t.text;
    if (w === 'dev' || w === 'oif') {
      dev = tokens[++i] !== undefined;
    } else if (w === 'via' || w === 'gw' || w === 'or' || w === 'src') {
      if (w === 'gw' || w === 'or')
        r.report(
          'config.route-deprecated',
          'warning',
          `"${w}" for routes is deprecated. Please use "${w === 'gw' ? 'via' : 'nexthop'}"`,
          t.at,
        );
      const v = tokens[++i];
      if (v && !address(v, r)) {
        const what = w === 'src' ? 'src' : 'via';
        return r.report('config.route-invalid', 'warning', `invalid route ${what} address ${v.text}`, v.at);
      }
    } else if (w === 'no_track') track = false;
    else if (ROUTE_VALUE_KEYWORDS.has(w)) i++;
    else if (ROUTE_TYPES.has(w) || w === 'nexthop' || w === 'onlink' || w === 'lock') continue;
    else if (dest === undefined) {
      const a = w === 'default' ? parseCidr('0.0.0.0/0') : address(t, r);
      if (!a) return r.report('config.route-invalid', 'warning', `unknown route keyword ${w}`, t.at);
      dest = `${a.address}/${a.prefix}`;
    }
  }
  if (dest !== undefined && !dev && track)
    r.report(
      'config.route-no-interface',
      'warning',
      `Warning - cannot track route ${dest} with no interface specified, not tracking`,
      lineSpan(s),
    );
}

/** One rule line. */
function checkRule(s: Stmt, r: Reporter): void {
  const tokens = tokensOf(s);
  let preference = false;
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i].text;
    if (w === 'from' || w === 'to') {
      const v = tokens[++i];
      if (v && v.text !== 'all' && !address(v, r))
        return r.report('config.rule-invalid', 'warning', `Invalid rule ${w} address ${v.text}`, v.at);
    } else if (w === 'priority' || w === 'preference' || w === 'pref') {
      preference = true;
      i++;
    }
  }
  if (preference) return;
  const pref = nextPreference.get(r) ?? FIRST_DEFAULT_PREFERENCE;
  nextPreference.set(r, pref - 1);
  r.report(
    'config.rule-no-preference',
    'warning',
    `Rule has no preference specified - setting to ${pref}. This is probably not what you want.`,
    lineSpan(s),
  );
}

/** Checks each line of a `virtual_routes` or `static_routes` block. */
export function checkRoutes(block: readonly Stmt[] | undefined, r: Reporter): void {
  for (const s of block ?? []) checkRoute(s, r);
}

/** Checks each line of a `virtual_rules` or `static_rules` block. */
export function checkRules(block: readonly Stmt[] | undefined, r: Reporter): void {
  for (const s of block ?? []) checkRule(s, r);
}
