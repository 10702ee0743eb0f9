import { describe, expect, it } from 'vitest';
import {
  filterPackets,
  NO_FILTER,
  packetInfo,
  packetTime,
  rowAtTime,
  scrolledRows,
  MAX_LIST_PX,
} from './packet-rows';
import { pandaLikeTrace } from '../../../test/fixtures/ui/panels-trace';

describe('packet rows', () => {
  const { packets } = pandaLikeTrace();

  it('filters by VRID, node and kind', () => {
    expect(filterPackets(packets, NO_FILTER).length).toBe(12);
    expect([...filterPackets(packets, { ...NO_FILTER, node: 'prod-haproxy-001' })]).toEqual([10, 11]);
    expect([...filterPackets(packets, { ...NO_FILTER, kinds: ['arp'] })]).toEqual([11]);
    expect(filterPackets(packets, { ...NO_FILTER, vrid: 200 }).length).toBe(11);
    expect(filterPackets(packets, { ...NO_FILTER, vrid: 201 }).length).toBe(0);
  });

  it('finds the row of the current time among the filtered rows', () => {
    const rows = filterPackets(packets, NO_FILTER);
    expect(rowAtTime(rows, packets, 0)).toBe(-1);
    expect(rowAtTime(rows, packets, 1_000_000)).toBe(0);
    expect(rowAtTime(rows, packets, 5_500_000)).toBe(4);
    const only001 = filterPackets(packets, { ...NO_FILTER, node: 'prod-haproxy-001' });
    expect(rowAtTime(only001, packets, 12_000_000)).toBe(-1);
    expect(rowAtTime(only001, packets, 99_000_000)).toBe(1);
  });

  it('writes the columns as Wireshark does', () => {
    expect(packetTime(13_613_281)).toBe('13.613281');
    expect(packetInfo(packets[0])).toBe('Announcement (v2) prio 100, int 1 s, 192.168.3.200');
    expect(packetInfo(packets[11])).toBe('Gratuitous ARP 192.168.3.200 is at bc:76:4e:05:6c:1d');
  });

  it('renders only the rows in view of a long list', () => {
    expect(scrolledRows(0, 220, 22, 200_000)).toMatchObject({ first: 0, last: 18 });
    expect(scrolledRows(22_000, 220, 22, 200_000)).toMatchObject({ first: 992, last: 1018 });
    expect(scrolledRows(22 * 199_995, 220, 22, 200_000).last).toBe(200_000);
    // 14 M rows do not fit a spacer the browser scrolls: its end still shows the last row, in view.
    const end = scrolledRows(MAX_LIST_PX - 220, 220, 22, 14_000_000);
    expect(end.spacerPx).toBe(MAX_LIST_PX);
    expect(end.last).toBe(14_000_000);
    expect(end.top(13_999_999)).toBe(MAX_LIST_PX - 22);
    const mid = scrolledRows(0, 220, 22, 14_000_000);
    expect(mid.scrollFor(7_000_000, 110)).toBeCloseTo(
      (7_000_000 * 22 - 110) / ((14_000_000 * 22 - 220) / (MAX_LIST_PX - 220)),
    );
  });
});
