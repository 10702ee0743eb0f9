/**
 * The Investigate workspace's state: the evidence given (dropped files, pasted texts), the offsets
 * set by hand, the worker's view of the investigation, and what the user picked (a transition, a
 * piece of evidence). The merged Trace goes to the one Session, so the topology, the timeline, the
 * packet list and Explain replay it like any capture.
 */
import { getContext, setContext } from 'svelte';
import type { EvidenceRef } from '../../lib/trace/cause';
import { citedPacket, type InvestigationView, type ViewTransition } from '../../lib/evidence/view';
import { decodeEvidenceFragment, encodeEvidenceFragment } from '../../lib/share/evidence';
import { getSession, type Session } from '../state/session.svelte';
import { yieldToEventLoop } from '../state/yield';
import { EvidenceClient } from '../../worker/evidence-client';
import { SimulationClient } from '../../worker/simulator';
import { compareWithConfigs } from '../../lib/evidence/reality';
import type { EvidenceItem } from '../../worker/evidence-protocol';

export interface GivenItem extends EvidenceItem {
  /** Pasted text (kept so that a share link can carry it). */
  pasted?: string;
}

/** The lines shown around a cited line. */
export interface LineWindow {
  source: number;
  file: string;
  /** 1-based number of the first line shown. */
  first: number;
  lines: string[];
  /** 1-based number of the cited line. */
  line: number;
}

const CONTEXT_LINES = 6;

export class InvestigateStore {
  items = $state.raw<GivenItem[]>([]);
  offsets = $state.raw<Record<number, number>>({});
  view = $state.raw<InvestigationView | null>(null);
  status = $state<'idle' | 'reading' | 'done' | 'failed'>('idle');
  message = $state('');
  /** Index into view.transitions. */
  transition = $state<number | null>(null);
  evidence = $state.raw<EvidenceRef | null>(null);
  lineWindow = $state.raw<LineWindow | null>(null);
  /** A side panel the workspace asks the Workbench to show (changes on every request). */
  panelRequest = $state.raw<{ id: string } | null>(null);
  #client: EvidenceClient | null = null;
  #sim: SimulationClient | null = null;
  #checks = 0;
  /** Counts the investigations asked for: the last one is shown, an older one still loading is dropped. */
  #runs = 0;
  /** Configs against reality: running in the simulation worker for this view (null: done or none). */
  realityStatus = $state<'checking' | null>(null);
  /** How many scenarios the last check simulated (0: none, or no config given). */
  realityChecked = $state(0);

  constructor(private readonly session: Session) {}

  get client(): EvidenceClient {
    return (this.#client ??= new EvidenceClient());
  }

  /** Adds dropped or chosen files; the whole evidence is read again. */
  addFiles(files: Iterable<File>): Promise<void> {
    const added = [...files].map((f) => ({ name: f.name, blob: f as Blob }));
    return this.#read([...this.items, ...added], this.offsets);
  }

  /** Adds pasted text as one more source. */
  paste(text: string, name?: string): Promise<void> {
    if (!text.trim()) return Promise.resolve();
    const n = this.items.filter((i) => i.pasted !== undefined).length + 1;
    const item: GivenItem = { name: name ?? `pasted-${n}.txt`, blob: new Blob([text]), pasted: text };
    return this.#read([...this.items, item], this.offsets);
  }

  remove(index: number): Promise<void> {
    // Offsets are kept by position: a removed source takes its own with it.
    const offsets: Record<number, number> = {};
    for (const [k, v] of Object.entries(this.offsets)) {
      const i = Number(k);
      if (i < index) offsets[i] = v;
      else if (i > index) offsets[i - 1] = v;
    }
    const items = this.items.filter((_, i) => i !== index);
    if (items.length === 0) {
      this.#runs++;
      this.items = [];
      this.offsets = {};
      this.view = null;
      this.status = 'idle';
      return Promise.resolve();
    }
    return this.#read(items, offsets);
  }

  /** Names the node a source comes from (the CLI's `--node NAME=FILE`); empty: found from the content. */
  setNode(index: number, node: string): Promise<void> {
    const items = this.items.map((i, k) => (k === index ? { ...i, node: node.trim() || undefined } : i));
    return this.#read(items, this.offsets);
  }

  /** Sets one source's clock offset by hand (a dragged lane) and merges again. */
  setOffset(source: number, offsetUs: number): Promise<void> {
    return this.#merge({ ...this.offsets, [source]: Math.round(offsetUs) });
  }

  /** Gives a source back the offset the alignment finds. */
  clearOffset(source: number): Promise<void> {
    const offsets = { ...this.offsets };
    delete offsets[source];
    return this.#merge(offsets);
  }

  /** A link that carries the pasted texts (null when there are none, or too much, or files too). */
  shareLink(base: string): string | null {
    if (this.items.length === 0 || this.items.some((i) => i.pasted === undefined)) return null;
    const fragment = encodeEvidenceFragment({
      texts: this.items.map((i) => ({ name: i.name, text: i.pasted! })),
      offsets: this.offsets,
    });
    return fragment ? base + fragment : null;
  }

  /** Opens the evidence a link carries, if any; returns its problems as text. */
  openFromHash(hash: string): Promise<string[]> {
    const r = decodeEvidenceFragment(hash);
    const problems = r.diagnostics.map((d) => d.message);
    if (!r.value || r.value.texts.length === 0) return Promise.resolve(problems);
    const items = r.value.texts.map((t) => ({ name: t.name, blob: new Blob([t.text]), pasted: t.text }));
    return this.#read(items, r.value.offsets).then(() => problems);
  }

  /** Picks a transition: the replay seeks to it and Explain follows its instance. */
  pickTransition(index: number): void {
    const t = this.view?.transitions[index];
    if (!t) return;
    this.transition = index;
    this.session.seek(Math.max(0, t.t));
    const inst = this.view!.trace.instances.find(
      (i) => i.node === t.node && (t.vrid === null || i.vrid === t.vrid),
    );
    this.session.select({ node: t.node, instance: inst?.id });
  }

  /**
   * Jumps to a piece of evidence: a packet opens in the packet list, a line in the lines view. The
   * transition it supports (if any) is picked, so its chain shows.
   */
  async jump(ref: EvidenceRef): Promise<void> {
    const v = this.view;
    if (!v) return;
    this.evidence = ref;
    const owner = v.transitions.findIndex((t) => citedBy(t, ref));
    if (owner >= 0) this.pickTransition(owner);
    if (ref.kind === 'packet') {
      const index = citedPacket(v, ref.source, ref.packet);
      if (index !== undefined) {
        const p = v.trace.packets[index];
        this.session.seek(p.t);
        this.session.select({ ...this.session.selection, packet: index, node: p.node ?? undefined });
        this.panelRequest = { id: 'packets' };
        return;
      }
      this.lineWindow = null;
    } else if (ref.kind === 'log-line') {
      if (ref.t >= 0) this.session.seek(ref.t);
      await this.showLine(ref.source, ref.line);
    }
    this.panelRequest = { id: 'incidents' };
  }

  /** Fetches the lines around `line` (1-based) of a source from the worker. */
  async showLine(source: number, line: number): Promise<void> {
    const from = Math.max(0, line - 1 - CONTEXT_LINES);
    const r = await this.client.lines(source, from, 2 * CONTEXT_LINES + 1);
    const file = this.view?.sources.find((s) => s.index === source)?.file ?? `source ${source}`;
    this.lineWindow = { source, file, first: r.from + 1, lines: r.lines, line };
  }

  /**
   * Configs against reality: each scenario the evidence implies runs in the simulation worker (never
   * on this thread), and the changes of master it predicts are compared with the recorded ones. Their
   * diagnoses join the view's when they come back, if the view is still the one shown.
   */
  async #checkConfigs(view: InvestigationView): Promise<void> {
    const check = view.reality;
    const token = ++this.#checks;
    this.realityStatus = check ? 'checking' : null;
    this.realityChecked = 0;
    if (!check) return;
    try {
      this.#sim ??= new SimulationClient();
      const found: InvestigationView['diagnoses'] = [];
      for (const [k, plan] of check.plans.entries()) {
        const run = await this.#sim.run(plan.scenario, { untilUs: plan.untilUs });
        found.push(...compareWithConfigs(check, k, plan, run.value));
      }
      if (this.view !== view) return;
      this.realityChecked = check.plans.length;
      const shift = (e: EvidenceRef): EvidenceRef => ({ ...e, t: e.t - view.startUs });
      this.view = {
        ...view,
        diagnoses: [...view.diagnoses, ...found.map((d) => ({ ...d, evidence: d.evidence.map(shift) }))],
        unanswered: [...view.unanswered, ...check.unanswered],
      };
    } catch (e) {
      if (this.view === view)
        this.view = {
          ...view,
          unanswered: [
            ...view.unanswered,
            `The configs could not be checked against the evidence: ${(e as Error).message}`,
          ],
        };
    } finally {
      if (token === this.#checks) this.realityStatus = null;
    }
  }

  async #read(items: GivenItem[], offsets: Record<number, number>): Promise<void> {
    this.items = items;
    this.offsets = offsets;
    await this.#run(items, offsets);
  }

  #merge(offsets: Record<number, number>): Promise<void> {
    this.offsets = offsets;
    return this.#run(undefined, offsets);
  }

  async #run(items: GivenItem[] | undefined, offsets: Record<number, number>): Promise<void> {
    const run = ++this.#runs;
    // A newer investigation (more evidence, an offset dragged again) overtakes this one.
    const stale = () => run !== this.#runs;
    this.status = 'reading';
    this.message = '';
    try {
      const view = await this.client.investigate(
        items?.map(({ name, blob, node, kind }) => ({ name, blob, node, kind })),
        offsets,
      );
      if (!view || stale()) return;
      // As a capture: the views prepare the merged trace (the timeline's lanes, the topology's layout)
      // and the frame index is warmed in short tasks before the swap. The workspace's own view (the
      // evidence lanes, the transitions) follows in the next task: drawn in the swap's task too, it
      // made that task 70–85 ms of CPU with two captures of 50 000 packets.
      await this.session.loadCapture(view.trace, stale);
      await yieldToEventLoop();
      if (stale()) return;
      this.view = view;
      this.status = 'done';
      if (this.transition !== null && this.transition >= view.transitions.length) this.transition = null;
      this.lineWindow = null;
      void this.#checkConfigs(view);
    } catch (e) {
      if (stale()) return;
      this.status = 'failed';
      this.message = (e as Error).message;
    }
  }
}

/** True when the transition cites the piece of evidence (itself or through its chain). */
export function citedBy(t: ViewTransition, ref: EvidenceRef): boolean {
  const same = (e: EvidenceRef) =>
    e.kind === ref.kind &&
    (e.kind === 'packet'
      ? ref.kind === 'packet' && e.source === ref.source && e.packet === ref.packet
      : e.kind === 'log-line' && ref.kind === 'log-line' && e.source === ref.source && e.line === ref.line);
  return t.evidence.some(same) || t.cause.evidence.some(same) || t.chain.some((c) => c.evidence.some(same));
}

const KEY = Symbol('vrrpscope.investigate');

export function setInvestigate(store: InvestigateStore): InvestigateStore {
  return setContext(KEY, store);
}

/** The Workbench's store; a panel shown on its own (a test harness) gets one of its own. */
export function getInvestigate(): InvestigateStore {
  return getContext<InvestigateStore | undefined>(KEY) ?? setInvestigate(new InvestigateStore(getSession()));
}
