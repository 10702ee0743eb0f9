/**
 * Generates a large keepalived-like VRRP capture for the benchmark (never committed): 20 virtual
 * routers, each with two nodes advertising every second, a failover every ~1000 s by default (silence, then
 * preemption) with its burst of five gratuitous ARPs (§5.2), a quarter of the routers in VRRPv3 over IPv6.
 * Each node numbers its IPv4 adverts' IP ids 1, 2, 3, … per instance, as keepalived does (2.2.7
 * vrrp.c `vrrp_update_pkt`: `++vrrp->ip_id`, skipping 0, which would let the kernel pick one).
 *
 *   npx tsx test/bench/gen-capture.ts OUT.pcap [PACKETS]
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { encodeAdvert } from '../../src/lib/vrrp/advert';
import { advertFrame, garpFrame, refreshIpv4Checksum, unsolicitedNaFrame } from '../../src/lib/vrrp/wire';
import { pcapFileHeader, writePcapRecord } from '../../src/lib/pcap/writer';

const ROUTERS = 20;
export const T0_US = 1_795_627_444_000_000;

function frames(r: number, node: 0 | 1): { advert: Uint8Array; garp: Uint8Array } {
  const v6 = r % 4 === 3;
  const mac = `02:00:00:00:${node.toString(16).padStart(2, '0')}:${r.toString(16).padStart(2, '0')}`;
  const src = v6 ? `fe80::${node + 1}:${r}` : `10.${r}.0.${node + 4}`;
  const dst = v6 ? 'ff02::12' : '224.0.0.18';
  const vip = v6 ? `fe80::200:${r}` : `10.${r}.0.200`;
  const family = v6 ? 'ipv6' : 'ipv4';
  const vrrp = encodeAdvert({
    version: v6 ? 3 : 2,
    family,
    vrid: r + 1,
    priority: node === 0 ? 100 : 90,
    advertIntervalCs: 100,
    addresses: [vip],
    src,
    dst,
  });
  return {
    advert: advertFrame({ family, srcMac: mac, src, dst, vrrp }),
    garp: v6 ? unsolicitedNaFrame(mac, vip, vip) : garpFrame(mac, vip),
  };
}

/**
 * Writes `packets` records to `path`; returns the file size in bytes. `cycleSec` is the period of
 * each router's pair of failovers (half of it with each master); the master-down silence and the
 * GARP bursts follow it. `ipIds: false` leaves every IP id 0 (adverts that no key can match, as
 * tcpdump text without -v shows them).
 */
export function generateCapture(
  path: string,
  packets: number,
  cycleSec = 2000,
  o: { ipIds?: boolean } = {},
): number {
  const half = cycleSec / 2;
  const table = Array.from({ length: ROUTERS }, (_, r) => [frames(r, 0), frames(r, 1)] as const);
  const fd = openSync(path, 'w');
  let size = 0;
  const flush = (buf: Uint8Array, n: number) => {
    writeSync(fd, buf, 0, n);
    size += n;
  };
  flush(pcapFileHeader(), 24);
  const batch = new Uint8Array(1 << 20);
  const dv = new DataView(batch.buffer);
  let at = 0;
  let written = 0;
  const emit = (tsUs: number, data: Uint8Array) => {
    if (at + 16 + data.length > batch.length) {
      flush(batch, at);
      at = 0;
    }
    at = writePcapRecord(batch, dv, at, { tsUs, data });
    written++;
  };
  const ipIds = table.map(() => [0, 0]);
  /** The node's next IPv4 advert, its IP id numbered (IPv6 has none). */
  const advert = (r: number, node: 0 | 1): Uint8Array => {
    const frame = table[r][node].advert;
    if (o.ipIds === false || frame[12] !== 0x08 || frame[13] !== 0x00) return frame;
    const id = (ipIds[r][node] = (ipIds[r][node] % 0xffff) + 1);
    frame[18] = id >> 8;
    frame[19] = id & 0xff;
    refreshIpv4Checksum(frame);
    return frame;
  };
  for (let sec = 0; written < packets; sec++) {
    for (let r = 0; r < ROUTERS && written < packets; r++) {
      // Node 0 is master for ~1000 s, then node 1 for ~1000 s (phase-shifted per router).
      const phase = (sec + r * 37) % cycleSec;
      const master = phase < half ? 0 : 1;
      // Node 0 falls silent 3 s before node 1 takes over (a master-down timeout); node 1 is preempted at once.
      if (phase >= half - 3 && phase < half) continue;
      const t = T0_US + sec * 1_000_000 + r * 997;
      emit(t, advert(r, master));
      if ((sec + r * 37) % half === 0)
        for (let g = 1; g <= 5 && written < packets; g++) emit(t + g * 7, table[r][master].garp);
    }
  }
  flush(batch, at);
  closeSync(fd);
  return size;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [out, n] = process.argv.slice(2);
  if (!out) {
    process.stderr.write('usage: gen-capture.ts OUT.pcap [PACKETS]\n');
    process.exit(2);
  }
  const size = generateCapture(out, Number(n ?? 2_000_000));
  process.stdout.write(`${out}: ${size} bytes\n`);
}
