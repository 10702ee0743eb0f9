/**
 * keepalived.conf parse and scenario-lint cost at the simulator's large scale (64 nodes × 32 VRIDs),
 * against a baseline measured in the same run: splitting the same text into lines and words, the least
 * any reader must do.
 */
import type { BenchReport } from '../../src/cli/bench';
import { lintScenario, parseConfig } from '../../src/lib/config';

function nodeConfig(n: number, vrids: number): string {
  const parts = [
    `global_defs {\n  router_id node${n}\n}\n`,
    `vrrp_script chk {\n  script "pidof svc"\n  interval 2\n  weight -2\n}\n`,
  ];
  for (let v = 1; v <= vrids; v++) {
    parts.push(
      `vrrp_instance VI_${v} {  # instance ${v}\n  interface eth0\n  state BACKUP\n  virtual_router_id ${v}\n  priority ${100 + ((n + v) % 50)}\n  advert_int 1\n` +
        `  virtual_ipaddress {\n    10.${v}.0.1/32 dev eth0\n    10.${v}.0.2/32\n  }\n  track_script {\n    chk\n  }\n}\n`,
    );
  }
  return parts.join('');
}

/** Mean ms per call after one untimed warm-up call, over at least `minMs` and 3 calls. */
function time(fn: () => void, minMs = 300): number {
  fn();
  let runs = 0;
  const start = performance.now();
  while (runs < 3 || performance.now() - start < minMs) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

export async function run(): Promise<BenchReport> {
  const nodes = 64;
  const texts = Array.from({ length: nodes }, (_, n) => nodeConfig(n, 32));
  const bytes = texts.reduce((s, t) => s + t.length, 0);
  const baselineMs = time(() => {
    for (const t of texts) for (const l of t.split('\n')) l.trim().split(/\s+/);
  });
  const parseMs = time(() => {
    for (const t of texts) parseConfig(t);
  });
  const parsed = texts.map((t, n) => ({ node: `node${n}`, config: parseConfig(t).value }));
  const lintMs = time(() => lintScenario(parsed), 1000);
  const mbPerS = bytes / 1e6 / (parseMs / 1000);
  return {
    name: 'config',
    lines: [
      `${nodes} configs × 32 instances, ${(bytes / 1e6).toFixed(2)} MB`,
      `parse: ${parseMs.toFixed(1)} ms (${mbPerS.toFixed(1)} MB/s), ${(parseMs / baselineMs).toFixed(1)}× the line/word split baseline (${baselineMs.toFixed(1)} ms)`,
      `lint of all ${nodes} nodes together: ${lintMs.toFixed(1)} ms`,
    ],
    metrics: { bytes, baselineMs, parseMs, parseMbPerS: mbPerS, parseRatio: parseMs / baselineMs, lintMs },
  };
}
