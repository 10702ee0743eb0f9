/**
 * IPv4, IPv6 and MAC address parsing and formatting. IPv6 is printed in RFC5952 form (as Wireshark
 * and `ip addr` print it). Parsers return null for bad input instead of throwing.
 */

export function parseIPv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return null;
    const n = Number(parts[i]);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

export function formatIPv4(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

export function parseIPv6(text: string): Uint8Array | null {
  let head = text;
  const zone = head.indexOf('%');
  if (zone >= 0) head = head.slice(0, zone);
  const out = new Uint8Array(16);
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const words = (s: string): number[] | null => {
    if (s === '') return [];
    const parts = s.split(':');
    const res: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (!v4) return null;
        res.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null;
        res.push(parseInt(p, 16));
      }
    }
    return res;
  };
  const left = words(halves[0]);
  const right = halves.length === 2 ? words(halves[1]) : [];
  if (!left || !right) return null;
  if (halves.length === 1 && left.length !== 8) return null;
  if (halves.length === 2 && left.length + right.length > 7) return null;
  const all = [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  all.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

export function formatIPv6(bytes: Uint8Array, offset = 0): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((bytes[offset + i * 2] << 8) | bytes[offset + i * 2 + 1]);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLen))}`;
}

export function parseIP(text: string): { family: 'ipv4' | 'ipv6'; bytes: Uint8Array } | null {
  const v4 = parseIPv4(text);
  if (v4) return { family: 'ipv4', bytes: v4 };
  const v6 = text.includes(':') ? parseIPv6(text) : null;
  return v6 ? { family: 'ipv6', bytes: v6 } : null;
}

/** Normalises an address to its canonical printed form, or returns null. */
export function canonicalIP(text: string): string | null {
  const ip = parseIP(text);
  if (!ip) return null;
  return ip.family === 'ipv4' ? formatIPv4(ip.bytes) : formatIPv6(ip.bytes);
}

/** `192.168.3.4/24` → address and prefix; a bare address gets the host prefix (/32 or /128). */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const slash = text.indexOf('/');
  const addr = slash >= 0 ? text.slice(0, slash) : text;
  const ip = parseIP(addr);
  if (!ip) return null;
  const max = ip.family === 'ipv4' ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > max) return null;
    prefix = Number(p);
  }
  return { address: canonicalIP(addr)!, prefix, family: ip.family };
}

export function parseMac(text: string): Uint8Array | null {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) return null;
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

export function formatMac(bytes: Uint8Array, offset = 0): string {
  const out: string[] = [];
  for (let i = 0; i < 6; i++) out.push(bytes[offset + i].toString(16).padStart(2, '0'));
  return out.join(':');
}

/** The IPv4 broadcast address of a CIDR, as `ip addr` prints after `brd`. */
export function ipv4Broadcast(address: string, prefix: number): string {
  const b = parseIPv4(address)!;
  const n = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const brd = (n | ~mask) >>> 0;
  return `${brd >>> 24}.${(brd >>> 16) & 255}.${(brd >>> 8) & 255}.${brd & 255}`;
}

/** True when `address` lies in `network/prefix` (same family). */
export function inSubnet(address: string, network: string, prefix: number): boolean {
  const a = parseIP(address);
  const n = parseIP(network);
  if (!a || !n || a.family !== n.family) return false;
  for (let bit = 0; bit < prefix; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((a.bytes[byte] & mask) !== (n.bytes[byte] & mask)) return false;
  }
  return true;
}

/** The modified EUI-64 link-local address of a MAC (fe80::be76:4eff:fe05:6c1c for bc:76:4e:05:6c:1c). */
export function linkLocalFromMac(mac: string): string {
  const m = parseMac(mac)!;
  const b = new Uint8Array(16);
  b[0] = 0xfe;
  b[1] = 0x80;
  b.set([m[0] ^ 2, m[1], m[2], 0xff, 0xfe, m[3], m[4], m[5]], 8);
  return formatIPv6(b);
}
