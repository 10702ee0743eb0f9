/**
 * Prints what each recording shows (`npx tsx test/fidelity/summary.ts [name...]`): the stretches of
 * advertising, priority-0 adverts, the faults and the failover latencies measured from the packets.
 * Used to write captures/README.md; also handy after re-recording.
 */
import { captureAdverts, describe, stretches, zeroAdverts } from './adverts';
import { recordings } from './truth';

const wanted = new Set(process.argv.slice(2));
for (const rec of recordings()) {
  if (wanted.size > 0 && !wanted.has(rec.name)) continue;
  const adverts = captureAdverts(rec.capture);
  console.log(`== ${rec.name} (${rec.capture.split('/').pop()})`);
  for (const e of rec.truth.events.filter((x) => x.kind === 'fault'))
    console.log(`  fault ${e.t.toFixed(3)} ${e.action} ${e.node ?? ''} ${e.process ?? e.interface ?? ''}`);
  for (const z of zeroAdverts(adverts))
    console.log(`  prio0 ${z.t.toFixed(6)} VRID ${z.vrid} from ${z.source}`);
  const st = stretches(adverts);
  for (const s of st) {
    // The failover latency: from the previous stretch's last advert (or priority-0 advert) of another source.
    const before = adverts.filter((a) => a.vrid === s.vrid && a.source !== s.source && a.t < s.start);
    const last = before[before.length - 1];
    const gap = last
      ? ` gap ${(s.start - last.t).toFixed(6)} s after ${last.source} prio ${last.priority}`
      : '';
    console.log(`  ${describe(s)}${gap}`);
  }
}
