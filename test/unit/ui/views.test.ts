/**
 * The UI's read-only views of a Trace (issue 6): `ip addr` vs `ifconfig`, timeline lanes and fault
 * periods, adverts in flight, the priority arithmetic and the node menu, on the Panda-shaped fixture.
 */
import { describe, expect, it } from 'vitest';
import { FrameIndex } from '../../../src/lib/trace/frame';
import { ifconfig, ipAddrShow } from '../../../src/ui/app/ip-addr';
import { buildFaultPeriods, buildLanes } from '../../../src/ui/timeline/lanes';
import { FlightIndex, LOST_AT } from '../../../src/ui/topology/flights';
import { priorityText } from '../../../src/ui/topology/priority-text';
import { nodeActions } from '../../../src/ui/faults/actions';
import { computeLayout } from '../../../src/ui/topology/layout';
import { FIXTURE_FAILOVER_US, LOST_ADVERT_US, pandaFixtureTrace } from '../../fixtures/ui/panda-trace';

const trace = pandaFixtureTrace();
const index = new FrameIndex(trace);
const node = (id: string) => trace.nodes.find((n) => n.id === id)!;

describe('ip addr show and ifconfig', () => {
  it('prints the story’s ip addr output for prod-haproxy-000 while it holds .200', () => {
    const f = index.frameAt(10_000_000);
    expect(ipAddrShow(node('prod-haproxy-000'), f.nodes['prod-haproxy-000'])).toBe(
      [
        '4: eth2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP qlen 1000',
        '    link/ether bc:76:4e:05:6c:1c brd ff:ff:ff:ff:ff:ff',
        '    inet 192.168.3.4/24 brd 192.168.3.255 scope global eth2',
        '    inet 192.168.3.200/32 scope global eth2',
        '    inet6 fe80::be76:4eff:fe05:6c1c/64 scope link',
        '       valid_lft forever preferred_lft forever',
      ].join('\n'),
    );
  });

  it('ifconfig shows the primary address only, never the VIP', () => {
    const f = index.frameAt(10_000_000);
    const text = ifconfig(node('prod-haproxy-000'), f.nodes['prod-haproxy-000']);
    expect(text).toContain('inet 192.168.3.4  netmask 255.255.255.0  broadcast 192.168.3.255');
    expect(text).not.toContain('192.168.3.200');
  });

  it('the VIP leaves ip addr of 000 and appears on 001 after the failover', () => {
    const f = index.frameAt(FIXTURE_FAILOVER_US);
    expect(ipAddrShow(node('prod-haproxy-000'), f.nodes['prod-haproxy-000'])).not.toContain(
      '192.168.3.200/32',
    );
    expect(ipAddrShow(node('prod-haproxy-001'), f.nodes['prod-haproxy-001'])).toContain(
      'inet 192.168.3.200/32 scope global eth2',
    );
  });
});

describe('timeline lanes', () => {
  const lanes = buildLanes(trace);
  it('has one lane per VRID with master runs that hand over at the failover', () => {
    expect(lanes.map((l) => l.vrid)).toEqual([200, 201]);
    expect(lanes[0].runs.map((r) => [r.node, r.from, r.to])).toEqual([
      ['prod-haproxy-000', 3_609_375, FIXTURE_FAILOVER_US],
      ['prod-haproxy-001', FIXTURE_FAILOVER_US, trace.endUs],
    ]);
    expect(lanes[0].changes.map((c) => [c.kind, c.to, c.failover?.gapUs])).toEqual([
      ['takeover', 'prod-haproxy-001', 3_613_281],
    ]);
    expect(lanes[1].runs).toHaveLength(1);
    expect(lanes[0].ticks.length).toBeGreaterThan(30);
  });

  it('shades a fault from its action to its repair, or to the end', () => {
    expect(buildFaultPeriods(trace)).toEqual([
      {
        label: 'kill haproxy on prod-haproxy-000',
        action: 'kill-process',
        node: 'prod-haproxy-000',
        from: 20_300_000,
        to: trace.endUs,
      },
    ]);
    const healed = {
      ...trace,
      events: [
        ...trace.events,
        {
          t: 30_000_000,
          kind: 'fault' as const,
          action: 'start-process',
          node: 'prod-haproxy-000',
          label: 'start',
          params: { process: 'haproxy' },
        },
      ],
    };
    expect(buildFaultPeriods(healed)[0].to).toBe(30_000_000);
  });
});

describe('adverts in flight', () => {
  const flights = new FlightIndex(trace);
  it('fans a multicast advert out to the peer and stops the lost one short', () => {
    const at = flights.flightsAt(LOST_ADVERT_US + 200_000, 250_000);
    const lost = at.filter((f) => f.lost);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({
      from: 'prod-haproxy-000',
      to: 'prod-haproxy-001',
      progress: LOST_AT,
      multicast: true,
    });
    expect(at.filter((f) => !f.lost).every((f) => f.progress > 0 && f.progress <= 1)).toBe(true);
  });

  it('is a pure function of t', () => {
    expect(flights.flightsAt(12_345_678, 250_000)).toEqual(flights.flightsAt(12_345_678, 250_000));
    expect(flights.flightsAt(3_000_000, 250_000)).toEqual([]);
  });

  it('shows a GARP ring right after a takeover only', () => {
    expect(flights.ringsAt(FIXTURE_FAILOVER_US + 100_000).map((r) => r.node)).toEqual(['prod-haproxy-001']);
    expect(flights.ringsAt(FIXTURE_FAILOVER_US + 2_000_000)).toEqual([]);
  });
});

describe('priority arithmetic and node actions', () => {
  it('prints the weight arithmetic of the trace', () => {
    expect(priorityText(index.frameAt(23_000_000).instances['prod-haproxy-000/192.168.3.200'])).toBe(
      '100 − 2 = 98: chk_haproxy failed',
    );
    expect(priorityText(index.frameAt(10_000_000).instances['prod-haproxy-000/192.168.3.200'])).toBe(
      'priority 100',
    );
  });

  it('offers actions that fit the node’s state at t', () => {
    const before = nodeActions(trace, index.frameAt(10_000_000), 'prod-haproxy-000').map((a) => a.label);
    const after = nodeActions(trace, index.frameAt(21_000_000), 'prod-haproxy-000').map((a) => a.label);
    expect(before).toContain('Kill haproxy');
    expect(after).toContain('Start haproxy');
    expect(before).toContain('Stop keepalived (SIGTERM)');
    expect(nodeActions(trace, index.frameAt(0), 'app-1')).toEqual([]);
  });

  it('lays every node out without overlaps', () => {
    const boxes = [...computeLayout(trace).boxes.values()];
    for (const a of boxes)
      for (const b of boxes) {
        if (a === b) continue;
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        expect(apart, `${a.id} / ${b.id}`).toBe(true);
      }
  });
});
