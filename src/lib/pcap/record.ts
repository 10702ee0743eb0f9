/** The record a format parser hands out for each frame (one reused object per parser). */

/** One captured frame. The reader reuses this object and `data` is a view: copy what you keep. */
export interface CaptureRecord {
  /** 0-based position among the file's packets. */
  packetIndex: number;
  /** File offset of the record (pcap record header, pcapng block). */
  byteOffset: number;
  /** File offset of `data[0]`. */
  dataOffset: number;
  linkType: number;
  interfaceId: number;
  /** Capture time, µs since the Unix epoch (ns resolutions are floored to µs). */
  tsUs: number;
  data: Uint8Array;
  /** Length of the frame on the wire (≥ data.length when cut by the snap length). */
  origLength: number;
  /** pcapng opt_comment, if any. */
  comment: string | null;
}

export function newRecord(): CaptureRecord {
  return {
    packetIndex: 0,
    byteOffset: 0,
    dataOffset: 0,
    linkType: 0,
    interfaceId: 0,
    tsUs: 0,
    data: new Uint8Array(0),
    origLength: 0,
    comment: null,
  };
}
