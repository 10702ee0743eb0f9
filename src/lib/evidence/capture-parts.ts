/**
 * A capture's read as plain data that another thread can post: the CLI reads captures on worker
 * threads while its main thread reads the rest of the evidence. The row columns' buffers move to
 * the receiving thread (transferred, not copied); the names go as their resolved table. The reading
 * thread also finds what the investigation asks of every capture first (its kinds of advert, its
 * announcements and its keyed adverts for the clock alignment), while the main thread is still busy.
 */
import { Names, type NameTable } from '../analysis/endpoints';
import { CaptureRows, ROW_COLUMNS, type Announce, type AdvertKind, type RowIndex } from './capture-rows';
import { frameSample, type FrameSample } from './align';
import { captureRead, type CaptureCore, type CaptureRead } from './sources';

type Column = RowIndex[(typeof ROW_COLUMNS)[number]];

export interface CaptureParts {
  core: Omit<CaptureCore, 'rows' | 'frameSample'>;
  length: number;
  columns: Column[];
  names: NameTable;
  kinds: AdvertKind[];
  announces: Announce[];
  frameSample: FrameSample;
}

/** The parts of a capture's read (a pcap or pcapng file's: its citations are its frames) and the buffers to transfer. */
export function captureParts(read: CaptureRead): { parts: CaptureParts; transfer: ArrayBuffer[] } {
  const { ix } = read.rows;
  const transfer: ArrayBuffer[] = [];
  const columns = ROW_COLUMNS.map((name) => {
    const col = ix[name];
    // A column that is a view into a larger buffer (or shares one) is copied: only a whole buffer moves.
    const whole = col.byteOffset === 0 && col.byteLength === col.buffer.byteLength;
    const out = whole && !transfer.includes(col.buffer as ArrayBuffer) ? col : col.slice(0, ix.length);
    transfer.push(out.buffer as ArrayBuffer);
    return out;
  });
  const { report, epochUs, packets, masterEntries } = read;
  const sample = frameSample(read.rows);
  return {
    parts: {
      core: { report, epochUs, packets, masterEntries },
      length: ix.length,
      columns,
      names: read.rows.names.table(),
      kinds: read.rows.advertKinds(),
      announces: read.rows.announces(),
      frameSample: sample,
    },
    transfer: [...transfer, sample.rows.buffer as ArrayBuffer],
  };
}

/** The capture's read again, on the receiving thread. */
export function captureFromParts(parts: CaptureParts): CaptureRead {
  const ix = { length: parts.length } as Record<string, unknown>;
  ROW_COLUMNS.forEach((name, k) => (ix[name] = parts.columns[k]));
  return captureRead({
    ...parts.core,
    rows: new CaptureRows(
      ix as unknown as RowIndex,
      Names.fromTable(parts.names),
      parts.kinds,
      parts.announces,
    ),
    frameSample: parts.frameSample,
  });
}
