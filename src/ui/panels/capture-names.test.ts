import { describe, expect, it } from 'vitest';
import { addressNames, progressFraction } from './capture-names';
import { pandaLikeTrace } from '../../../test/fixtures/ui/panels-trace';

describe('capture panel helpers', () => {
  it('names report addresses after the trace nodes', () => {
    const names = addressNames(pandaLikeTrace((id) => (id.endsWith('001') ? '<img src=x>' : id)));
    expect([...names]).toEqual([
      ['192.168.3.4', 'prod-haproxy-000'],
      ['192.168.3.5', '<img src=x>'],
    ]);
    expect(addressNames(null).size).toBe(0);
  });

  it('turns progress into a fraction', () => {
    expect(progressFraction(50, 200)).toBe(0.25);
    expect(progressFraction(300, 200)).toBe(1);
    expect(progressFraction(5, 0)).toBeNull();
  });
});
