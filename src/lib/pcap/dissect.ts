/**
 * `dissect()`: the packet-detail tree of one frame, built from the same field tables and the same
 * layer walk (layout.ts) as the fast decoder, so the detail pane shows exactly what the analysis
 * read. Never throws: a cut or malformed frame ends with a `_ws.malformed` node saying where.
 */
import { advertLength, decodeAdvert } from '../vrrp/advert';
import { AUTH_EXT, AUTH_EXT_BYTES, hasAuthTrailer } from '../vrrp/auth-ext';
import { fieldUint } from '../net/field';
import { AH, IPV4, IPV6, IPV6_EXT } from '../net/headers';
import { carpNode } from './dissect-carp';
import { looksLikeCarp } from '../carp/wire';
import {
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  ETHERTYPE_IPV6,
  IPPROTO_AH,
  IPPROTO_FRAGMENT,
  IPPROTO_ICMPV6,
  IPPROTO_VRRP,
} from '../net/numbers';
import { VRRP, VRRP_HEADER_BYTES, VRRP_VAR } from '../vrrp/fields';
import { fieldNode, fieldNodes, infoNode, layerNode, type DetailNode } from './detail';
import { arpNode, icmpv6Node, malformed } from './dissect-neighbour';
import { ETH, NULL_HEADER, QINQ_STAG, SLL, SLL2, VLAN } from './fields';
import { layoutFrame, newLayout, type FrameLayout } from './layout';
import * as LT from './linktype';

export type { DetailNode } from './detail';

/** Wireshark's checksum status codes (vrrp.checksum.status). */
export const CHECKSUM_STATUS_CODE = { bad: 0, good: 1, unverified: 2 } as const;

/** The detail tree of one frame of the given pcap link type. */
export function dissect(bytes: Uint8Array, linkType: number): DetailNode[] {
  const l = newLayout();
  const ok = layoutFrame(bytes, bytes.length, linkType, l);
  const out: DetailNode[] = [];
  linkNodes(bytes, l, out);
  if (l.ipVersion === 4) out.push(ipv4Node(bytes, l));
  if (l.ipVersion === 6) out.push(ipv6Node(bytes, l));
  if (!ok) {
    out.push(malformed(l.error, l.errorAt, bytes.length));
    return out;
  }
  if (l.etherType === ETHERTYPE_ARP && l.net >= 0) out.push(arpNode(bytes, l.net, bytes.length));
  else if (l.ipVersion !== 0 && l.firstFragment) upperNodes(bytes, l, out);
  return out;
}

function linkNodes(bytes: Uint8Array, l: FrameLayout, out: DetailNode[]): void {
  const end = bytes.length;
  switch (l.linkType) {
    case LT.LINKTYPE_ETHERNET: {
      const kids = fieldNodes(bytes, 0, [ETH.dst, ETH.src, ETH.type], end);
      const src = kids.find((k) => k.key === 'eth.src')?.value;
      const dst = kids.find((k) => k.key === 'eth.dst')?.value;
      out.push(
        layerNode('eth', `Ethernet II, Src: ${src ?? '?'}, Dst: ${dst ?? '?'}`, 0, Math.min(end, 14), kids),
      );
      for (let i = 0; i < l.vlanCount; i++) {
        const tci = l.vlanTci + i * 4;
        const stag = bytes[tci - 2] === 0x88 && bytes[tci - 1] === 0xa8;
        const spec = stag ? QINQ_STAG : VLAN;
        const vk = fieldNodes(bytes, tci, [spec.priority, spec.dei, spec.id, spec.etype], end);
        const id = vk.find((k) => k.key === spec.id.key)?.value;
        const title = stag ? `IEEE 802.1ad, ID: ${id}` : `802.1Q Virtual LAN, ID: ${id}`;
        out.push(layerNode(stag ? 'ieee8021ad' : 'vlan', title, tci - 2, Math.min(end, tci + 4), vk));
      }
      return;
    }
    case LT.LINKTYPE_LINUX_SLL:
      out.push(
        layerNode(
          'sll',
          'Linux cooked capture v1',
          0,
          Math.min(end, 16),
          fieldNodes(bytes, 0, Object.values(SLL), end),
        ),
      );
      return;
    case LT.LINKTYPE_LINUX_SLL2:
      out.push(
        layerNode(
          'sll',
          'Linux cooked capture v2',
          0,
          Math.min(end, 20),
          fieldNodes(bytes, 0, Object.values(SLL2), end),
        ),
      );
      return;
    case LT.LINKTYPE_FRELAY: {
      const type =
        l.etherType === ETHERTYPE_IPV4 ? 'IP' : l.etherType === ETHERTYPE_IPV6 ? 'IPv6' : 'unknown';
      const hdr = Math.max(0, l.net);
      const kids = l.net > 0 ? [infoNode('fr.type', 'Type', type, `Type: ${type}`, 0, hdr)] : [];
      out.push(layerNode('fr', 'Frame Relay', 0, Math.min(end, hdr), kids));
      return;
    }
    case LT.LINKTYPE_NULL:
    case LT.LINKTYPE_LOOP: {
      const fam = l.etherType === ETHERTYPE_IPV4 ? 'IP' : l.etherType === ETHERTYPE_IPV6 ? 'IPv6' : 'unknown';
      const kids = end >= 4 ? [infoNode(NULL_HEADER.family.key, 'Family', fam, `Family: ${fam}`, 0, 4)] : [];
      out.push(layerNode('null', 'Null/Loopback', 0, Math.min(end, 4), kids));
      return;
    }
    default:
      if (!LT.isSupportedLinkType(l.linkType))
        out.push(
          infoNode(
            'frame.encap',
            'Link type',
            l.linkType,
            `Link type ${LT.linkTypeName(l.linkType)} is not decoded`,
          ),
        );
  }
}

function ipv4Node(bytes: Uint8Array, l: FrameLayout): DetailNode {
  const at = l.net;
  const specs = [
    IPV4.version,
    IPV4.hdrLen,
    IPV4.dsfield,
    IPV4.len,
    IPV4.id,
    IPV4.flags,
    IPV4.df,
    IPV4.mf,
    IPV4.fragOffset,
    IPV4.ttl,
    IPV4.proto,
    IPV4.checksum,
    IPV4.src,
    IPV4.dst,
  ];
  const kids = fieldNodes(bytes, at, specs, bytes.length);
  if (l.ipHeaderLen > 20)
    kids.push(
      infoNode(
        'ip.opt',
        'Options',
        l.ipHeaderLen - 20,
        `Options: (${l.ipHeaderLen - 20} bytes)`,
        at + 20,
        l.ipHeaderLen - 20,
      ),
    );
  if (l.fragment)
    kids.push(
      infoNode(
        'ip.fragment',
        'Fragment',
        true,
        '[Fragmented IP datagram: only the first fragment carries the VRRP header]',
        at + 6,
        2,
      ),
    );
  const src = kids.find((k) => k.key === 'ip.src')?.value ?? '?';
  const dst = kids.find((k) => k.key === 'ip.dst')?.value ?? '?';
  return layerNode(
    'ip',
    `Internet Protocol Version 4, Src: ${src}, Dst: ${dst}`,
    at,
    Math.min(bytes.length, at + (l.ipHeaderLen || 20)),
    kids,
  );
}

function ipv6Node(bytes: Uint8Array, l: FrameLayout): DetailNode {
  const at = l.net;
  const kids = fieldNodes(bytes, at, Object.values(IPV6), bytes.length);
  for (let i = 0; i < l.extCount; i++) {
    if (l.extTypes[i] === IPPROTO_AH) continue;
    const p = l.extOffsets[i];
    const name = l.extTypes[i] === IPPROTO_FRAGMENT ? 'Fragment Header' : `Extension header ${l.extTypes[i]}`;
    const len = l.extTypes[i] === IPPROTO_FRAGMENT ? 8 : (fieldUint(bytes, p, IPV6_EXT.len) + 1) * 8;
    kids.push(
      layerNode(
        `ipv6.ext.${l.extTypes[i]}`,
        name,
        p,
        Math.min(bytes.length, p + len),
        fieldNodes(bytes, p, Object.values(IPV6_EXT), bytes.length),
      ),
    );
  }
  const src = kids.find((k) => k.key === 'ipv6.src')?.value ?? '?';
  const dst = kids.find((k) => k.key === 'ipv6.dst')?.value ?? '?';
  return layerNode(
    'ipv6',
    `Internet Protocol Version 6, Src: ${src}, Dst: ${dst}`,
    at,
    Math.min(bytes.length, at + 40),
    kids,
  );
}

function upperNodes(bytes: Uint8Array, l: FrameLayout, out: DetailNode[]): void {
  if (l.ah >= 0) {
    const len = (fieldUint(bytes, l.ah, AH.len) + 2) * 4;
    const kids = fieldNodes(bytes, l.ah, Object.values(AH), bytes.length);
    kids.push(infoNode('ah.icv', 'AH ICV', len - 12, `AH ICV: ${len - 12} bytes`, l.ah + 12, len - 12));
    out.push(layerNode('ah', 'Authentication Header', l.ah, l.ah + len, kids));
  }
  // CARP shares protocol 112: Wireshark's CARP heuristic decides first (ip.try_heuristic_first).
  if (l.proto === IPPROTO_VRRP && looksLikeCarp(bytes, l.l4, l.l4End - l.l4, l.ipVersion))
    out.push(carpNode(bytes, l.l4, l.l4End, l.l4Complete && !l.fragment));
  else if (l.proto === IPPROTO_VRRP) out.push(vrrpNode(bytes, l));
  else if (l.proto === IPPROTO_ICMPV6 && l.ipVersion === 6) out.push(icmpv6Node(bytes, l));
  else if (l.l4End > l.l4) out.push(layerNode('data', `Data (${l.l4End - l.l4} bytes)`, l.l4, l.l4End, []));
}

/** keepalived 2.4's auth_hmac trailer (vrrp/auth-ext.ts): key id, timestamp as a date, counter, MAC. */
function authTrailerNode(bytes: Uint8Array, at: number): DetailNode {
  const kids = fieldNodes(bytes, at, Object.values(AUTH_EXT), at + AUTH_EXT_BYTES);
  const sec = fieldUint(bytes, at, AUTH_EXT.sec);
  const subsec = fieldUint(bytes, at, AUTH_EXT.subsec);
  const when = new Date(sec * 1000 + Math.floor((subsec * 1000) / 65536)).toISOString();
  const ts = kids.find((k) => k.key === AUTH_EXT.sec.key);
  if (ts) ts.display += ` (${when})`;
  const mac = kids.find((k) => k.key === AUTH_EXT.hmac.key);
  if (mac) mac.display += ' [cannot be verified without the key]';
  return layerNode(
    'vrrp.auth_ext',
    `keepalived auth_hmac trailer, key ${fieldUint(bytes, at, AUTH_EXT.keyId)}, sent ${when}`,
    at,
    at + AUTH_EXT_BYTES,
    kids,
  );
}

function vrrpNode(bytes: Uint8Array, l: FrameLayout): DetailNode {
  const base = l.l4;
  const len = l.l4End - base;
  const family = l.ipVersion === 4 ? 'ipv4' : 'ipv6';
  const version = len >= 1 ? fieldUint(bytes, base, VRRP.version) : 0;
  const fixed =
    version === 3
      ? [
          VRRP.version,
          VRRP.type,
          VRRP.vrid,
          VRRP.prio,
          VRRP.addrCount,
          VRRP.reserved,
          VRRP.shortAdverInt,
          VRRP.checksum,
        ]
      : [
          VRRP.version,
          VRRP.type,
          VRRP.vrid,
          VRRP.prio,
          VRRP.addrCount,
          VRRP.authType,
          VRRP.adverInt,
          VRRP.checksum,
        ];
  const kids = fieldNodes(bytes, base, fixed, l.l4End);
  const d = decodeAdvert(bytes, base, len, {
    family,
    src: bytes.subarray(l.src, l.src + (family === 'ipv4' ? 4 : 16)),
    dst: bytes.subarray(l.dst, l.dst + (family === 'ipv4' ? 4 : 16)),
    complete: l.l4Complete,
  });
  const title = `Virtual Router Redundancy Protocol`;
  if (!d.ok) {
    kids.push(malformed(`vrrp.${d.reason}`, base, l.l4End));
    return layerNode('vrrp', title, base, l.l4End, kids);
  }
  const a = d.fields;
  const ck = kids.find((k) => k.key === VRRP.checksum.key);
  if (ck) {
    const variant = a.checksumVariant ? `, ${a.checksumVariant}` : '';
    const text = a.checksumStatus[0].toUpperCase() + a.checksumStatus.slice(1);
    const verdict =
      a.checksumStatus === 'good' ? 'correct' : a.checksumStatus === 'bad' ? 'incorrect' : 'unverified';
    ck.display += ` [${verdict}${variant}]`;
    ck.children.push(
      infoNode(
        'vrrp.checksum.status',
        'Checksum Status',
        CHECKSUM_STATUS_CODE[a.checksumStatus],
        `[Checksum Status: ${text}]`,
        ck.offset,
        2,
      ),
    );
    if (a.checksumVariant)
      ck.children.push(
        infoNode(
          'vrrp.checksum.variant',
          'Checksum variant',
          a.checksumVariant,
          `[Matched: ${a.checksumVariant === 'pseudo-header' ? 'with the IP pseudo-header (RFC5798)' : 'without pseudo-header (as in v2)'}]`,
          ck.offset,
          2,
        ),
      );
  }
  const alen = a.version !== 3 || family === 'ipv4' ? 4 : 16;
  const addrSpec = alen === 4 ? VRRP_VAR.ip : VRRP_VAR.ipv6;
  for (let i = 0; i < a.addrCount; i++) {
    const n = fieldNode(bytes, base + VRRP_HEADER_BYTES + i * alen, addrSpec, l.l4End);
    if (n) kids.push(n);
  }
  if (a.version !== 3 && a.authType === 1) {
    const n = fieldNode(bytes, base + VRRP_HEADER_BYTES + 4 * a.addrCount, VRRP_VAR.authString, l.l4End);
    if (n) kids.push(n);
  }
  const trailerAt = base + a.length;
  if (
    a.length === advertLength(a.version, family, a.addrCount) &&
    hasAuthTrailer(bytes, trailerAt, l.l4End - trailerAt)
  )
    kids.push(authTrailerNode(bytes, trailerAt));
  const summary = `${title}, Version ${a.version}, VRID ${a.vrid}, Priority ${a.priority}`;
  return layerNode('vrrp', summary, base, base + a.length, kids);
}
