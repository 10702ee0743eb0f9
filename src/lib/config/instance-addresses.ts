/**
 * The address-related keywords of `vrrp_instance` (docs/vrrp-behaviour.md §7.4, §6.2, §1.6): virtual
 * addresses, unicast and multicast addresses, unicast peers and TTL, authentication.
 */
import { canonicalIP } from '../net/address';
import type { InstanceDraft } from './draft';
import { dispatch } from './keywords';
import type { KeywordTable } from './keywords';
import { readPeer, readVip } from './items';
import type { VirtualAddress, VrrpInstance } from './model';
import type { Stmt } from './tree';
import { lineSpan } from './tree';
import type { Reporter } from './values';

/** Handlers for the address keywords of one instance being read. */
export function addressHandlers(d: InstanceDraft, r: Reporter): KeywordTable {
  const inst = d.inst;
  const vi = inst.name;
  const here = (key: keyof InstanceDraft['where'], st: Stmt) => (d.where[key] = lineSpan(st));
  const address = (st: Stmt, apply: (ip: string) => void) => {
    const t = r.arg(st);
    if (!t) return;
    const ip = canonicalIP(t.text);
    if (ip) return apply(ip);
    const msg =
      st.keyword.text === 'mcast_dst_ip'
        ? `(${vi}) invalid address '${t.text}' for mcast_dst_ip - ignoring`
        : `Configuration error: VRRP instance[${vi}] malformed src address[${t.text}]. Skipping...`;
    r.report('config.address-invalid', 'warning', msg, t.at);
  };
  const vips = (list: VirtualAddress[], excluded: boolean) => (st: Stmt) => {
    if (!excluded) here('virtual_ipaddress', st);
    for (const item of st.block ?? []) {
      const vip = readVip(item, r);
      if (!vip) continue;
      if (
        list.some(
          (v) =>
            v.address === vip.address &&
            v.prefix === vip.prefix &&
            (v.dev ?? '') === (vip.dev ?? '') &&
            (v.label ?? '') === (vip.label ?? ''),
        )
      ) {
        r.report(
          'config.vip-duplicate',
          'info',
          `(${vi}) duplicate VIP ${vip.address}/${vip.prefix} - ignoring`,
          item.keyword.at,
        );
        continue;
      }
      if (!excluded && list.length && list[0].family !== vip.family) {
        r.report(
          'config.vip-family',
          'warning',
          `(${vi}): address family must match VRRP instance [${vip.address}] - ignoring`,
          item.keyword.at,
        );
        continue;
      }
      list.push(vip);
    }
  };
  return {
    virtual_ipaddress: { block: true, handle: vips(inst.vips, false) },
    virtual_ipaddress_excluded: { block: true, handle: vips(inst.excludedVips, true) },
    authentication: { block: true, handle: (st) => readAuth(st, inst, d, r) },
    unicast_src_ip: {
      block: false,
      handle: (st) => {
        here('unicast_src_ip', st);
        address(st, (ip) => (inst.unicastSrcIp = ip));
      },
    },
    mcast_src_ip: { block: false, handle: (st) => address(st, (ip) => (inst.mcastSrcIp = ip)) },
    mcast_dst_ip: { block: false, handle: (st) => address(st, (ip) => (inst.mcastDstIp = ip)) },
    unicast_peer: {
      block: true,
      handle: (st) => {
        for (const item of st.block ?? []) {
          const ip = readPeer(item, r);
          if (!ip) continue;
          if (inst.unicastPeers.includes(ip))
            r.report(
              'config.peer-duplicate',
              'info',
              `(${vi}) duplicate unicast_peer ${ip} - ignoring`,
              item.keyword.at,
            );
          else inst.unicastPeers.push(ip);
        }
      },
    },
    unicast_ttl: {
      block: false,
      handle: (st) => {
        here('unicast_ttl', st);
        const t = r.arg(st);
        const v = t && r.int(t, 0, 255);
        if (v === undefined) return;
        inst.unicastTtl = v;
        d.unicastTtlGiven = true;
      },
    },
  };
}

function readAuth(st: Stmt, inst: VrrpInstance, d: InstanceDraft, r: Reporter): void {
  d.where.authentication = lineSpan(st);
  const vi = inst.name;
  const table: KeywordTable = {
    auth_type: {
      block: false,
      handle: (s) => {
        const t = r.arg(s);
        if (!t) return;
        if (t.text === 'PASS' || t.text === 'AH') inst.authType = t.text;
        else
          r.report(
            'config.auth-type-unknown',
            'warning',
            `(${vi}) unknown authentication type '${t.text}'`,
            t.at,
            'auth_type is PASS or AH (case-sensitive).',
          );
      },
    },
    auth_pass: {
      block: false,
      handle: (s) => {
        const t = r.arg(s);
        if (!t) return;
        inst.authPass = t.text;
        if (t.text.length > 8) {
          r.report(
            'config.auth-pass-truncated',
            'warning',
            `Truncating auth_pass to 8 characters`,
            t.at,
            `Using '${t.text.slice(0, 8)}'.`,
          );
          inst.authPass = t.text.slice(0, 8);
        }
      },
    },
  };
  dispatch(st.block, table, r);
}
