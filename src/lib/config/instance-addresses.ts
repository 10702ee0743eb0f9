/**
 * The address-related keywords of `vrrp_instance` (docs/vrrp-behaviour.md §7.4, §6.2, §1.6): virtual
 * addresses, unicast and multicast addresses, unicast peers and TTL, authentication.
 */
import { canonicalIP } from '../net/address';
import type { InstanceCtx } from './draft';
import { here } from './draft';
import { dispatch } from './keywords';
import type { KeywordTable } from './keywords';
import { readPeer, readVip } from './items';
import type { VirtualAddress } from './model';
import type { Stmt } from './tree';
import { lineSpan } from './tree';

type Table = KeywordTable<InstanceCtx>;

function address(st: Stmt, { r, vi }: InstanceCtx, apply: (ip: string) => void): void {
  const t = r.arg(st);
  if (!t) return;
  const ip = canonicalIP(t.text);
  if (ip) return apply(ip);
  const msg =
    st.keyword.text === 'mcast_dst_ip'
      ? `(${vi}) invalid address '${t.text}' for mcast_dst_ip - ignoring`
      : `Configuration error: VRRP instance[${vi}] malformed src address[${t.text}]. Skipping...`;
  r.report('config.address-invalid', 'warning', msg, t.at);
}

const sameVip = (a: VirtualAddress, b: VirtualAddress) =>
  a.address === b.address &&
  a.prefix === b.prefix &&
  (a.dev ?? '') === (b.dev ?? '') &&
  (a.label ?? '') === (b.label ?? '');

function vips(excluded: boolean) {
  return (st: Stmt, c: InstanceCtx) => {
    const { r, vi } = c;
    const list = excluded ? c.inst.excludedVips : c.inst.vips;
    if (!excluded) here(c, 'virtual_ipaddress', st);
    for (const item of st.block ?? []) {
      const vip = readVip(item, r);
      if (!vip) continue;
      if (list.some((v) => sameVip(v, vip))) {
        const msg = `(${vi}) duplicate VIP ${vip.address}/${vip.prefix} - ignoring`;
        r.report('config.vip-duplicate', 'info', msg, item.keyword.at);
      } else if (!excluded && list.length && list[0].family !== vip.family) {
        const msg = `(${vi}): address family must match VRRP instance [${vip.address}] - ignoring`;
        r.report('config.vip-family', 'warning', msg, item.keyword.at);
      } else list.push(vip);
    }
  };
}

function readPeers(st: Stmt, { r, inst, vi }: InstanceCtx): void {
  for (const item of st.block ?? []) {
    const ip = readPeer(item, r);
    if (!ip) continue;
    if (!inst.unicastPeers.includes(ip)) inst.unicastPeers.push(ip);
    else
      r.report(
        'config.peer-duplicate',
        'info',
        `(${vi}) duplicate unicast_peer ${ip} - ignoring`,
        item.keyword.at,
      );
  }
}

function readTtl(st: Stmt, c: InstanceCtx): void {
  here(c, 'unicast_ttl', st);
  const t = c.r.arg(st);
  if (!t) return;
  const v = c.r.int(t, 0, 255);
  if (v === undefined)
    return c.r.report(
      'config.value-invalid',
      'warning',
      `(${c.vi}): TTL '${t.text}' not valid - must be between 0 & 255`,
      t.at,
    );
  c.inst.unicastTtl = v;
  c.d.unicastTtlGiven = true;
}

const AUTH_KEYWORDS: Table = {
  auth_type: {
    block: false,
    handle: (s, { r, inst, vi }) => {
      const t = r.arg(s);
      if (!t) return;
      if (t.text === 'PASS' || t.text === 'AH') inst.authType = t.text;
      else {
        const msg = `(${vi}) unknown authentication type '${t.text}'`;
        r.report(
          'config.auth-type-unknown',
          'warning',
          msg,
          t.at,
          'auth_type is PASS or AH (case-sensitive).',
        );
      }
    },
  },
  auth_pass: {
    block: false,
    handle: (s, { r, inst }) => {
      const t = r.arg(s);
      if (!t) return;
      inst.authPass = t.text.slice(0, 8);
      if (t.text.length > 8) {
        const hint = `Using '${inst.authPass}'.`;
        r.report('config.auth-pass-truncated', 'warning', `Truncating auth_pass to 8 characters`, t.at, hint);
      }
    },
  },
};

export const ADDRESS_KEYWORDS: Table = {
  virtual_ipaddress: { block: true, handle: vips(false) },
  virtual_ipaddress_excluded: { block: true, handle: vips(true) },
  authentication: {
    block: true,
    handle: (st, c) => {
      c.d.where.authentication = lineSpan(st);
      dispatch(st.block, AUTH_KEYWORDS, c.r, c);
    },
  },
  unicast_src_ip: {
    block: false,
    handle: (st, c) => {
      here(c, 'unicast_src_ip', st);
      address(st, c, (ip) => (c.inst.unicastSrcIp = ip));
    },
  },
  mcast_src_ip: { block: false, handle: (st, c) => address(st, c, (ip) => (c.inst.mcastSrcIp = ip)) },
  mcast_dst_ip: { block: false, handle: (st, c) => address(st, c, (ip) => (c.inst.mcastDstIp = ip)) },
  unicast_peer: { block: true, handle: readPeers },
  unicast_ttl: { block: false, handle: readTtl },
};
