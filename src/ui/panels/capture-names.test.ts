import { describe, expect, it } from 'vitest';
import { nameNodes, parseHosts, progressFraction } from './capture-names';
import { pandaLikeTrace } from './panel-fixtures';

describe('capture names', () => {
  it('reads a hosts file and names the inferred nodes by address, keeping ids', () => {
    const names = parseHosts(
      '# lab\n192.168.3.4   prod-haproxy-000 ha0\n\n192.168.3.5 <img src=x onerror=alert(1)>\nbogus line\n',
    );
    expect([...names]).toEqual([
      ['192.168.3.4', 'prod-haproxy-000'],
      ['192.168.3.5', '<img'],
    ]);
    const trace = nameNodes(
      pandaLikeTrace(() => 'unnamed'),
      names,
    );
    expect(trace.nodes.map((n) => [n.id, n.name])).toEqual([
      ['prod-haproxy-000', 'prod-haproxy-000'],
      ['prod-haproxy-001', '<img'],
    ]);
  });

  it('turns progress reports into a fraction', () => {
    expect(progressFraction(0.25)).toBe(0.25);
    expect(progressFraction({ bytesRead: 50, totalBytes: 200 })).toBe(0.25);
    expect(progressFraction({ fraction: 1 })).toBe(1);
    expect(progressFraction({})).toBeNull();
    expect(progressFraction(null)).toBeNull();
  });
});
