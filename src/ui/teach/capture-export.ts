/**
 * The simulated run as a capture file: classic pcap, or pcapng with each fault as a packet comment
 * (src/lib/export/fault-comments.ts), written by the simulator's pcap writer.
 */
import type { Trace } from '../../lib/trace/types';
import { packetsWithFaultComments } from '../../lib/export/fault-comments';
import { writePcap, writePcapng } from '../../lib/export/pcap-writer';

export type CaptureFormat = 'pcap' | 'pcapng';

/** The capture bytes for `trace`: timestamps are the trace's epoch + virtual time. */
export function captureBytes(trace: Trace, format: CaptureFormat): Uint8Array<ArrayBuffer> {
  const epochUs = trace.origin.epochUs;
  const bytes =
    format === 'pcap'
      ? writePcap(trace.packets, { epochUs })
      : writePcapng(packetsWithFaultComments(trace), {
          epochUs,
          comments: [`vrrpscope simulation: ${trace.origin.name}`],
        });
  return new Uint8Array(bytes);
}

/** The capture as a Blob with Wireshark's MIME type. */
export function captureBlob(trace: Trace, format: CaptureFormat): Blob {
  return new Blob([captureBytes(trace, format)], { type: 'application/vnd.tcpdump.pcap' });
}
