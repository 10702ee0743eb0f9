/**
 * Configs against reality (issue 11 §3): on every recording of captures/evidence/, the configs the
 * daemons ran, simulated with the faults the evidence implies, predict the changes of master the
 * evidence recorded — with the captures, and with the logs alone — so there is no
 * `configs-predict-otherwise` finding. Fed a deliberately wrong config (priorities swapped, a
 * longer advert_int), the finding appears, citing the recorded transition and the config line.
 */
import { describe, expect, it } from 'vitest';
import { investigate, type InvestigateInput } from '../../../src/lib/evidence/investigate';
import { checkAgainstConfigs, REALITY_CODE } from '../../../src/lib/evidence/reality';
import { realityPlans } from '../../../src/lib/evidence/reality-scenario';
import { decodeText } from '../../../src/lib/evidence/text';
import { simulate } from '../../../src/lib/sim/run';
import { evidenceFile, evidenceFiles, recordings, text } from './samples';

function inputs(rec: string, withCaptures: boolean, edit = (_f: string, t: string) => t): InvestigateInput[] {
  const out: InvestigateInput[] = [];
  if (withCaptures) out.push({ file: 'switch.pcap', bytes: evidenceFile(rec, 'switch.pcap') });
  for (const f of evidenceFiles(rec))
    if (/^n\d\.(log|conf)$/.test(f))
      out.push({
        file: f,
        bytes: f.endsWith('.conf') ? text(edit(f, decodeText(evidenceFile(rec, f)))) : evidenceFile(rec, f),
        node: f.slice(0, 2),
        kind: f.endsWith('.conf') ? 'keepalived-conf' : undefined,
      });
  return out;
}

async function check(rec: string, withCaptures: boolean, edit?: (f: string, t: string) => string) {
  const inv = await investigate(inputs(rec, withCaptures, edit));
  return { inv, ...checkAgainstConfigs(inv, (s, o) => simulate(s, o)) };
}

describe('configs against reality', () => {
  for (const rec of recordings())
    for (const withCaptures of [true, false])
      it(`${rec} (${withCaptures ? 'captures, logs and configs' : 'logs and configs'}): the configs predict what happened`, async () => {
        const { inv, diagnoses } = await check(rec, withCaptures);
        // The check ran: a scenario with the recording's nodes and at least their starts.
        const plans = realityPlans(inv);
        expect(plans.flatMap((p) => p.nodes).sort()).toEqual(
          evidenceFiles(rec)
            .filter((f) => /^n\d\.conf$/.test(f))
            .map((f) => f.slice(0, 2)),
        );
        expect(
          plans.flatMap((p) => p.scenario.events ?? []).some((e) => e.action === 'start-keepalived'),
        ).toBe(true);
        expect(diagnoses.map((d) => d.message)).toEqual([]);
      });

  it('priorities swapped in the configs: another master than the one recorded', async () => {
    const swap = (f: string, t: string) =>
      t.replace(/priority \d+/, f === 'n1.conf' ? 'priority 99' : 'priority 100');
    for (const withCaptures of [true, false]) {
      const { diagnoses } = await check('haproxy', withCaptures, swap);
      expect(diagnoses.length).toBeGreaterThan(0);
      const d = diagnoses[0];
      expect(d.code).toBe(REALITY_CODE);
      expect(diagnoses.map((x) => x.message).join('\n')).toMatch(
        /The configs predict n2 taking over VRID 50 from n1/,
      );
      // Cites a config line that sets the priority.
      expect(d.evidence.some((e) => e.kind === 'log-line' && /^priority 10[0-9]$/.test(e.text))).toBe(true);
    }
  });

  it('advert_int 3 on both nodes: the takeover after the script failed comes much earlier than the configs predict', async () => {
    const slow = (_f: string, t: string) => t.replace(/(virtual_router_id \d+)/, '$1\n  advert_int 3');
    const { diagnoses } = await check('haproxy', true, slow);
    const late = diagnoses.find((d) =>
      /n2 took over VRID 50 from n1 .* after chk_haproxy failed on n1; its config predicts/.test(d.message),
    );
    expect(late?.message).toMatch(/earlier, beyond the spread/);
    expect(late?.evidence.some((e) => e.kind === 'packet')).toBe(true);
    expect(late?.evidence.some((e) => e.kind === 'log-line' && e.text === 'advert_int 3')).toBe(true);
  });

  it('advert_int 3 on the backup only: the SIGKILL takeover is not what its config predicts', async () => {
    const slow = (f: string, t: string) =>
      f === 'n2.conf' ? t.replace(/(virtual_router_id \d+)/, '$1\n  advert_int 3') : t;
    const { diagnoses } = await check('sigkill', true, slow);
    expect(diagnoses.length).toBeGreaterThan(0);
    expect(diagnoses.every((d) => d.code === REALITY_CODE)).toBe(true);
  });
});
