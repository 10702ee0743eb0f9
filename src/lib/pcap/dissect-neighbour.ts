/**
 * Detail nodes of the neighbour-discovery layers keepalived sends after a takeover (§5.3): ARP and
 * ICMPv6 neighbour advertisements, plus the node that marks a malformed or cut frame.
 */
import { fieldUint } from '../net/field';
import { fieldNodes, infoNode, layerNode, type DetailNode } from './detail';
import { ARP, ARP_IPV4_BYTES, ICMPV6_NA, ICMPV6_NA_BYTES, NDP_OPT } from '../net/headers';
import type { FrameLayout } from './layout';

/** Marks where decoding stopped: a stable code and the frame offset. */
export function malformed(code: string, at: number, end: number): DetailNode {
  return infoNode(
    '_ws.malformed',
    'Malformed',
    code,
    `[Malformed or cut frame: ${code} at byte ${at}]`,
    at,
    end - at,
  );
}

export function arpNode(bytes: Uint8Array, at: number, end: number): DetailNode {
  const kids = fieldNodes(bytes, at, Object.values(ARP), end);
  if (at + ARP_IPV4_BYTES <= end) {
    const grat = fieldUint(bytes, at, ARP.spa) === fieldUint(bytes, at, ARP.tpa);
    // Wireshark adds this generated field only to gratuitous frames.
    if (grat) kids.push(infoNode('arp.isgratuitous', 'Is gratuitous', true, '[Is gratuitous: True]'));
    const op = fieldUint(bytes, at, ARP.opcode);
    const title = `Address Resolution Protocol (${grat ? 'request/gratuitous ARP' : op === 2 ? 'reply' : 'request'})`;
    return layerNode('arp', title, at, at + ARP_IPV4_BYTES, kids);
  }
  kids.push(malformed('arp.truncated', at, end));
  return layerNode('arp', 'Address Resolution Protocol', at, end, kids);
}

export function icmpv6Node(bytes: Uint8Array, l: FrameLayout): DetailNode {
  const at = l.l4;
  const type = at < l.l4End ? bytes[at] : -1;
  const specs =
    type === 136 ? Object.values(ICMPV6_NA) : [ICMPV6_NA.type, ICMPV6_NA.code, ICMPV6_NA.checksum];
  const kids = fieldNodes(bytes, at, specs, l.l4End);
  if (type === 136) {
    for (let p = at + ICMPV6_NA_BYTES; p + 2 <= l.l4End;) {
      const olen = bytes[p + 1] * 8;
      if (olen === 0) {
        kids.push(malformed('icmpv6.bad-option-length', p, l.l4End));
        break;
      }
      const specsOpt = bytes[p] === 2 && olen >= 8 ? Object.values(NDP_OPT) : [NDP_OPT.type, NDP_OPT.len];
      kids.push(
        layerNode(
          'icmpv6.opt',
          'ICMPv6 Option',
          p,
          Math.min(l.l4End, p + olen),
          fieldNodes(bytes, p, specsOpt, Math.min(l.l4End, p + olen)),
        ),
      );
      p += olen;
    }
  }
  return layerNode('icmpv6', 'Internet Control Message Protocol v6', at, l.l4End, kids);
}
