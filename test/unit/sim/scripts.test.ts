import { describe, expect, it } from 'vitest';
import { processOfCommand } from '../../../src/lib/config/script-process';
import { RiseFall } from '../../../src/lib/sim/scripts';

describe('§4.1 check commands mapped to process liveness', () => {
  it.each([
    ['killall -0 haproxy', 'haproxy'],
    ['/usr/bin/killall -0 haproxy', 'haproxy'],
    ['pidof haproxy', 'haproxy'],
    ['pidof -s nginx', 'nginx'],
    ['pgrep -x mysqld', 'mysqld'],
    ['kill -0 $(cat /var/run/haproxy.pid)', 'haproxy'],
    ['sh -c "kill -0 `cat /run/nginx/nginx.pid`"', 'nginx'],
    ['systemctl is-active haproxy', 'haproxy'],
    ['/bin/systemctl is-active --quiet nginx.service', 'nginx'],
    ['/usr/local/bin/check_things.sh', null],
  ])('%s → %s', (cmd, proc) => {
    expect(processOfCommand(cmd)).toBe(proc);
  });
});

describe('§4.1 rise/fall counter', () => {
  it('the first result decides at once', () => {
    const ok = new RiseFall(2, 2, false);
    expect(ok.update(true)).toBe(true);
    expect(ok.ok).toBe(true);
    const ko = new RiseFall(2, 2, false);
    expect(ko.update(false)).toBe(true);
    expect(ko.ok).toBe(false);
  });
  it('fall consecutive failures take OK to KO; rise successes take KO to OK', () => {
    const s = new RiseFall(3, 2, false);
    s.update(true);
    expect([s.update(false), s.ok]).toEqual([false, true]);
    expect([s.update(false), s.ok]).toEqual([true, false]);
    expect([s.update(true), s.update(true), s.ok]).toEqual([false, false, false]);
    expect([s.update(true), s.ok]).toEqual([true, true]);
  });
  it('a success between failures resets the fall count', () => {
    const s = new RiseFall(1, 3, false);
    s.update(true);
    s.update(false);
    s.update(false);
    s.update(true);
    s.update(false);
    s.update(false);
    expect(s.ok).toBe(true);
    s.update(false);
    expect(s.ok).toBe(false);
  });
  it('init_fail starts KO', () => {
    expect(new RiseFall(1, 1, true).ok).toBe(false);
  });
});
