/**
 * The CARP layer of the packet-detail tree, as Wireshark's packet-carp.c shows it, from the CARP
 * field table (lib/carp/fields.ts). The HMAC is shown but never judged: it is keyed with the
 * passphrase, which is not on the wire.
 */
import { CARP_HMAC_UNVERIFIABLE } from '../carp/constants';
import { CARP } from '../carp/fields';
import { carpIntervalUs, decodeCarp } from '../carp/wire';
import { secondsExact } from '../trace/time';
import { fieldNode, fieldNodes, infoNode, layerNode, type DetailNode } from './detail';

/** Wireshark's checksum status codes (carp.checksum.status, as vrrp.checksum.status). */
const STATUS_CODE = { bad: 0, good: 1, unverified: 2 } as const;

/** The CARP node of the message at `base` (36 header bytes present), `end` = its last byte + 1. */
export function carpNode(bytes: Uint8Array, base: number, end: number, complete: boolean): DetailNode {
  const c = decodeCarp(bytes, base, end - base, complete);
  const typever = fieldNode(bytes, base, CARP.typever, end);
  const kids: DetailNode[] = [];
  if (typever) {
    typever.display = `Version ${c.version}, Packet type ${c.type} (${c.type === 1 ? 'Advertisement' : 'Unknown'})`;
    typever.children.push(...fieldNodes(bytes, base, [CARP.version, CARP.type], end));
    kids.push(typever);
  }
  kids.push(
    ...fieldNodes(bytes, base, [CARP.vhid, CARP.advskew, CARP.authlen, CARP.demotion, CARP.advbase], end),
  );
  const demote = kids.find((k) => k.key === CARP.demotion.key);
  if (demote && c.demotion > 0) demote.display += ' (the sender has demoted itself)';
  const ck = fieldNode(bytes, base, CARP.checksum, end);
  if (ck) {
    const verdict =
      c.checksumStatus === 'good' ? 'correct' : c.checksumStatus === 'bad' ? 'incorrect' : 'unverified';
    ck.display += ` [${verdict}]`;
    const text = c.checksumStatus[0].toUpperCase() + c.checksumStatus.slice(1);
    ck.children.push(
      infoNode(
        'carp.checksum.status',
        'Checksum Status',
        STATUS_CODE[c.checksumStatus],
        `[Checksum Status: ${text}]`,
        ck.offset,
        2,
      ),
    );
    kids.push(ck);
  }
  const counterAt = base + CARP.counter.offset;
  kids.push(
    infoNode(
      CARP.counter.key,
      CARP.counter.label,
      c.counter.toString(),
      `Counter: ${c.counter}`,
      counterAt,
      8,
    ),
  );
  const hmac = fieldNode(bytes, base, CARP.hmac, end);
  if (hmac) {
    hmac.display += ` [${CARP_HMAC_UNVERIFIABLE}]`;
    kids.push(hmac);
  }
  kids.push(
    infoNode(
      'carp.interval',
      'Advertisement interval',
      secondsExact(carpIntervalUs(c.advbase, c.advskew)),
      `[Advertisement interval: ${c.advbase} + ${c.advskew}/256 = ${secondsExact(carpIntervalUs(c.advbase, c.advskew))} s]`,
      base + CARP.advskew.offset,
      4,
    ),
  );
  return layerNode(
    'carp',
    `Common Address Redundancy Protocol, VHID ${c.vhid}, advbase ${c.advbase}, advskew ${c.advskew}, demote ${c.demotion}`,
    base,
    end,
    kids,
  );
}
