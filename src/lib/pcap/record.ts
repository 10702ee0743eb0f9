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
  /**
   * The buffer `data` is a view of, and where in it the frame starts: the hot path reads the frame
   * there, without the view (one allocation per frame) that reading `data` creates.
   */
  buf: Uint8Array;
  dataStart: number;
  /** Captured bytes of the frame (`data.length`). */
  dataLength: number;
  /** Length of the frame on the wire (≥ data.length when cut by the snap length). */
  origLength: number;
  /** pcapng opt_comment, if any. */
  comment: string | null;
}

/** The parsers' reusable record: `data` is made on first read, once per frame. */
class ReusedRecord implements CaptureRecord {
  packetIndex = 0;
  byteOffset = 0;
  dataOffset = 0;
  linkType = 0;
  interfaceId = 0;
  tsUs = 0;
  buf: Uint8Array = new Uint8Array(0);
  dataStart = 0;
  dataLength = 0;
  origLength = 0;
  comment: string | null = null;
  private view: Uint8Array | null = null;

  get data(): Uint8Array {
    return (this.view ??= this.buf.subarray(this.dataStart, this.dataStart + this.dataLength));
  }

  /** Points the record at `buf[start, start + length)`. */
  setFrame(buf: Uint8Array, start: number, length: number): void {
    this.buf = buf;
    this.dataStart = start;
    this.dataLength = length;
    this.view = null;
  }
}

export function newRecord(): ReusedRecord {
  return new ReusedRecord();
}

/** What a format parser offers the chunk loop. */
export interface FormatParser {
  /** Parses whole records in `buf` (file offset `base`); returns bytes consumed. */
  parse(buf: Uint8Array, base: number, eof: boolean): number;
  /** Bytes the next record needs from the current position (to size the next read). */
  need: number;
  /** Set when the file cannot be read further (bad lengths: no way to resynchronise). */
  stopped: boolean;
}
