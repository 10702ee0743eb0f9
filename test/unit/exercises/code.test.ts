/** Completion codes: they verify with the class key, and any change to them is refused. */
import { describe, expect, it } from 'vitest';
import {
  codesToCsv,
  makeCode,
  newClassKey,
  studentKey,
  variantOf,
  verifyCode,
  type Completion,
} from '../../../src/lib/exercises';

const ada: Completion = {
  name: 'Ada Lovelace',
  exercise: 'panda-weights',
  variant: variantOf('Ada Lovelace'),
  score: 80,
  time: 1_800_000_000,
  hints: 1,
};

async function codeFor(c: Completion, classKey: string) {
  return makeCode(c, (await studentKey(classKey, c.name))!);
}

describe('completion codes', () => {
  it('verify with the class key and carry name, exercise, variant, score, time', async () => {
    const k = newClassKey();
    const v = await verifyCode(await codeFor(ada, k), k);
    expect(v).toEqual({ ok: true, completion: ada });
  });

  it('are refused when any character is changed, or with another class key', async () => {
    const k = newClassKey();
    const code = await codeFor(ada, k);
    expect((await verifyCode(code, newClassKey())).ok).toBe(false);
    for (let i = 6; i < code.length; i++) {
      const c = code[i] === 'A' ? 'B' : 'A';
      const tampered = code.slice(0, i) + c + code.slice(i + 1);
      if (tampered === code) continue;
      expect((await verifyCode(tampered, k)).ok, `changed at ${i}`).toBe(false);
    }
  });

  it('are refused when the score is raised and the payload re-encoded', async () => {
    const k = newClassKey();
    const [prefix, payload, mac] = (await codeFor(ada, k)).split('.');
    const fields = JSON.parse(Buffer.from(payload, 'base64url').toString()) as unknown[];
    fields[3] = 100;
    const forged = `${prefix}.${Buffer.from(JSON.stringify(fields)).toString('base64url')}.${mac}`;
    const v = await verifyCode(forged, k);
    expect(v.ok).toBe(false);
    expect(v.ok ? '' : v.reason).toMatch(/signature/);
  });

  it("a student's key cannot sign another student's code", async () => {
    const k = newClassKey();
    const alanKey = (await studentKey(k, 'Alan Turing'))!;
    const v = await verifyCode(await makeCode(ada, alanKey), k);
    expect(v.ok).toBe(false);
  });

  it('refuse a variant that does not belong to the name', async () => {
    const k = newClassKey();
    const v = await verifyCode(await codeFor({ ...ada, variant: ada.variant + 1 }, k), k);
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/variant/) });
  });

  it('never throw on junk', async () => {
    const k = newClassKey();
    for (const junk of [
      '',
      'VRRP1',
      'VRRP1..',
      'VRRP1.@@@.x',
      'VRRP1.e30.AAAA',
      'hello world',
      'VRRP1.' + 'A'.repeat(5000) + '.B',
    ])
      expect((await verifyCode(junk, k)).ok, junk).toBe(false);
    expect((await verifyCode(await codeFor(ada, k), 'short')).ok).toBe(false);
  });

  it('export as CSV with quoting and without spreadsheet formulas', async () => {
    const k = newClassKey();
    const evil = { ...ada, name: '=HYPERLINK("x"), Bob', variant: variantOf('=HYPERLINK("x"), Bob') };
    const codes = [await codeFor(ada, k), await codeFor(evil, k), 'nonsense'];
    const rows = await Promise.all(
      codes.map(async (code) => ({ code, verified: await verifyCode(code, k) })),
    );
    const csv = codesToCsv(rows);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('name,exercise,variant,score,hints,completed (UTC),verified,reason');
    expect(lines[1]).toBe(`Ada Lovelace,panda-weights,${ada.variant},80,1,2027-01-15T08:00:00.000Z,yes,`);
    expect(lines[2]).toMatch(/^"'=HYPERLINK\(""x""\), Bob",/);
    expect(lines[3]).toBe(',,,,,,no,not a completion code');
  });
});
