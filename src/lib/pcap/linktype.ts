/**
 * pcap LINKTYPE_* values vrrpscope understands, with their libpcap names (as `capinfos` and the
 * `--json` report print them).
 */
import { LINKTYPE_ETHERNET } from '../net/numbers';

export const LINKTYPE_NULL = 0;
export { LINKTYPE_ETHERNET };
/** DLT_RAW as OpenBSD (14) and others (12) numbered it; both mean raw IP. */
export const LINKTYPE_RAW_12 = 12;
export const LINKTYPE_RAW_14 = 14;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_FRELAY = 107;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

const NAMES: Record<number, string> = {
  [LINKTYPE_NULL]: 'NULL',
  [LINKTYPE_ETHERNET]: 'EN10MB',
  [LINKTYPE_RAW_12]: 'RAW',
  [LINKTYPE_RAW_14]: 'RAW',
  [LINKTYPE_RAW]: 'RAW',
  [LINKTYPE_FRELAY]: 'FRELAY',
  [LINKTYPE_LOOP]: 'LOOP',
  [LINKTYPE_LINUX_SLL]: 'LINUX_SLL',
  [LINKTYPE_IPV4]: 'IPV4',
  [LINKTYPE_IPV6]: 'IPV6',
  [LINKTYPE_LINUX_SLL2]: 'LINUX_SLL2',
  9: 'PPP',
  105: 'IEEE802_11',
  127: 'IEEE802_11_RADIOTAP',
};

/** libpcap's short name (`EN10MB`), or `LINKTYPE_<n>` for numbers it does not know. */
export function linkTypeName(linkType: number): string {
  return NAMES[linkType] ?? `LINKTYPE_${linkType}`;
}

/** Whether the frame decoder can find the network layer for this link type. */
export function isSupportedLinkType(linkType: number): boolean {
  return (
    linkType === LINKTYPE_NULL ||
    linkType === LINKTYPE_ETHERNET ||
    linkType === LINKTYPE_RAW_12 ||
    linkType === LINKTYPE_RAW_14 ||
    linkType === LINKTYPE_RAW ||
    linkType === LINKTYPE_FRELAY ||
    linkType === LINKTYPE_LOOP ||
    linkType === LINKTYPE_LINUX_SLL ||
    linkType === LINKTYPE_IPV4 ||
    linkType === LINKTYPE_IPV6 ||
    linkType === LINKTYPE_LINUX_SLL2
  );
}
