/**
 * Entry of test/browser/harness/panels.html: the side panels on the app's real Session and simulator
 * (run on the page's thread, so that a test sees each run at once).
 * Query parameters: `panel` (tab id); `trace` (show a small two-node trace instead of simulating Panda);
 * `hostile` (a node named with HTML); `empty` (nothing loaded: capture tests).
 */
import { mount } from 'svelte';
import PanelsHarness from './PanelsHarness.svelte';
import { Session } from '../../../src/ui/state/session.svelte';
import { loadSimulator } from '../../../src/worker/simulator';
import { simulate } from '../../../src/lib/sim/run';
import { pandaLikeTrace } from '../../fixtures/ui/panels-trace';

const params = new URLSearchParams(location.search);
const HOSTILE = '<img src=x onerror="window.__xss=1">';
const rename = (id: string) => (params.has('hostile') && id === 'prod-haproxy-001' ? HOSTILE : id);

const sim = loadSimulator();
const session = new Session({ simulate, defaultDurationS: 60 });
if (params.has('trace')) session.loadTrace(pandaLikeTrace(rename));
else if (!params.has('empty') && sim.panda) {
  const panda = sim.panda();
  session.loadScenario({
    ...panda,
    nodes: panda.nodes.map((n) => ({ ...n, name: rename(n.name) })),
    events: panda.events?.map((e) => (e.node ? { ...e, node: rename(e.node) } : e)),
  });
}
(window as unknown as { __session: Session }).__session = session;
const target = document.getElementById('app')!;
export default mount(PanelsHarness, { target, props: { session, initial: params.get('panel') ?? 'config' } });
