/**
 * A node running ucarp 1.5.2 (one vhid per process, as ucarp runs): its main loop (carp.c `docarp`)
 * on the virtual clock, its machine (machine.ts), and its frames and trace events. What each rule
 * rests on is measured in captures/carp/ (README, "Supported implementations on protocol 112"):
 *
 * - It reads adverts through libpcap with a 1000 ms timeout (ucarp.h CAPTURE_TIMEOUT): the kernel
 *   hands the packets over when its block timer fires, every second from a phase of its own, so an
 *   advert is acted on 0–1 s after it arrived (measured 0.02–0.98 s in the recordings).
 * - In BACKUP its poll() sleeps advbase + advskew/256 s (ms) at a time and only then compares the
 *   clock with the master-down deadline (3 × advbase + advskew/256 after the last advert): at skew
 *   100 it notices 4.17 s after the last advert it read, not 3.39 s.
 * - In MASTER it sleeps the whole ms left to its advert deadline and sends with under 2 ms left, so its
 *   adverts come up to 1 ms early (poll.ts), never late.
 * - SIGKILL and SIGTERM (ucarp installs no handler without --shutdown) send nothing and leave the VIP
 *   configured; a link going down makes poll() report an error and ucarp exits.
 * - Each advert carries the 64-bit counter of the last advert heard + 1; until one is heard, a random one.
 *
 * Left out, because no recording shows it: --shutdown's down script at exit, SIGUSR2, --neutral's
 * effect on the first down script, bulk-update suppression after send errors, pausing the process.
 */
import { createActor, type Actor } from 'xstate';
import type { Cause, CausedTransition, SilenceReason } from '../../trace/cause';
import {
  carpRouterKey,
  instanceId,
  type Micros,
  type TraceInstance,
  type VrrpState,
} from '../../trace/types';
import type { UcarpConfig } from '../../config/ucarp';
import { carpIntervalUs } from '../../carp/wire';
import { carpVirtualMac, ucarpAdvertFrame, ucarpGarpFrame } from '../../carp/frame';
import { carpHmac } from '../../carp/hmac';
import { decodeCarp } from '../../carp/wire';
import { parseIPv4 } from '../../net/address';
import { Lane } from '../clock';
import { NO_PRIORITY, type CarpOnWire, type NodeWorld, type SimInterface } from '../types';
import {
  ucarpMachine,
  type UcarpAdvertEvent,
  type UcarpHalt,
  type UcarpIo,
  type UcarpMasterReason,
} from './machine';
import { advertDue, masterPollMs, pollSlackUs } from './poll';
import { US_PER_MS } from '../../trace/time';

/** ucarp.h CAPTURE_TIMEOUT: libpcap's read timeout, and so the kernel's block-retire period. */
export const UCARP_PCAP_TIMEOUT_US = 1_000_000;

/** A ucarp node of the scenario: its interfaces and its parsed command line. */
export interface UcarpSpec {
  name: string;
  interfaces: SimInterface[];
  ucarp: UcarpConfig;
  processes: string[];
}

type Daemon = 'running' | 'stopped' | 'killed';

/** `a < b` for dotted IPv4 addresses, as ucarp compares `s_addr` (network order) on little-endian Linux. */
function lowerSAddr(a: string, b: string): boolean {
  // s_addr read as a host-order (little-endian) integer: the last octet is the most significant.
  const n = (s: string) => {
    const x = parseIPv4(s) ?? new Uint8Array(4);
    return ((x[3] << 24) >>> 0) + (x[2] << 16) + (x[1] << 8) + x[0];
  };
  return n(a) < n(b);
}

export class UcarpNode {
  readonly name: string;
  daemon: Daemon = 'stopped';
  readonly #cfg: UcarpConfig;
  readonly #iface: SimInterface | undefined;
  #actor: Actor<typeof ucarpMachine> | null = null;
  #state: VrrpState = 'STOPPED';
  /** Bumped at every start and end of the process: callbacks of an older one do nothing. */
  #gen = 0;
  #phaseUs: Micros = 0;
  #poll: unknown = null;
  #mdAt: Micros | null = null;
  #adAt: Micros | null = null;
  /** The counter of the last advert read, then of each advert sent; null until one is read. */
  #counter: bigint | null = null;
  #delayedArp = -1;
  #vipOn = false;
  #lastHeard: { t: Micros; from: string; packet: number } | null = null;
  #why: Cause[] = [];

  constructor(
    readonly spec: UcarpSpec,
    readonly world: NodeWorld,
  ) {
    this.name = spec.name;
    this.#cfg = spec.ucarp;
    this.#iface = spec.ucarp.interface
      ? spec.interfaces.find((i) => i.name === spec.ucarp.interface)
      : spec.interfaces[0];
  }

  get #vhid(): number {
    return this.#cfg.vhid ?? 0;
  }
  get router(): string {
    return carpRouterKey(this.#vhid);
  }
  get id(): string {
    return instanceId(this.name, `vhid ${this.#vhid}`);
  }
  get #intervalUs(): Micros {
    return carpIntervalUs(this.#cfg.advbase, this.#cfg.advskew);
  }
  /** The BACKUP poll() timeout: `advbase * 1000 + advskew * 1000 / 256` ms, integer arithmetic. */
  get #pollMs(): number {
    return this.#cfg.advbase * 1000 + Math.floor((this.#cfg.advskew * 1000) / 256);
  }
  get #downUs(): Micros {
    return carpIntervalUs(this.#cfg.advbase * this.#cfg.deadratio, this.#cfg.advskew);
  }

  /** Whether the command line lets ucarp start here (its own refusals, and an interface it can open). */
  runnable(): boolean {
    const c = this.#cfg;
    return !!(
      this.#iface &&
      c.vhid &&
      c.pass &&
      c.srcip &&
      c.addr &&
      c.deadratio > 0 &&
      (c.advbase || c.advskew)
    );
  }

  /** The trace's instance for this node (its vhid), as capture analysis names a CARP speaker. */
  traceInstance(): TraceInstance | null {
    if (!this.#iface || !this.#cfg.vhid) return null;
    return {
      id: this.id,
      node: this.name,
      name: `vhid ${this.#vhid}`,
      vrid: this.#vhid,
      family: 'ipv4',
      version: 2,
      interface: this.#iface.name,
      basePriority: 0,
      advertIntervalCs: Math.round(this.#intervalUs / 10_000),
      vips: this.#cfg.addr ? [this.#cfg.addr] : [],
      router: this.router,
      preempt: this.#cfg.preempt,
      implementation: 'carp',
      carp: { advbase: this.#cfg.advbase, advskew: this.#cfg.advskew, demote: 0 },
    };
  }

  // ---- the process's life (scenario actions) ----

  start(): void {
    if (this.daemon === 'running') return;
    this.#setDaemon('running');
    if (!this.runnable()) {
      this.world.rec.log(this.name, 'ucarp refuses to start: see the command line diagnostics');
      this.#setDaemon('stopped');
      return;
    }
    this.#gen++;
    this.#counter = null;
    this.#delayedArp = -1;
    this.#lastHeard = null;
    this.#phaseUs = this.world.timing.uniform(UCARP_PCAP_TIMEOUT_US - 1);
    this.#actor = createActor(ucarpMachine, { input: { io: this.#io, preempt: this.#cfg.preempt } });
    this.#actor.start();
    this.#actor.send({ type: 'START' });
  }

  /** SIGTERM: without --shutdown ucarp has no handler, so it dies like SIGKILL (ucarp-sigterm). */
  stop(): void {
    this.#end('stopped');
  }

  kill(): void {
    this.#end('killed');
  }

  restart(): void {
    this.stop();
    this.start();
  }

  pause(): void {}
  resume(): void {}
  setProcess(): void {}
  setBasePriority(): void {}
  setAdvertInterval(): void {}

  interfaceNames(): string[] {
    return this.spec.interfaces.map((i) => i.name);
  }

  /** A link going down makes poll() return POLLERR and ucarp exits (ucarp-cable); link up changes nothing. */
  setLink(iface: string, up: boolean): void {
    this.world.lan.setLink(this.name, iface, up);
    this.world.rec.event({ t: this.world.clock.now, kind: 'link', node: this.name, interface: iface, up });
    if (!up && iface === this.#iface?.name && this.daemon === 'running') {
      this.world.rec.log(this.name, `[ERROR] exiting: pfds[0].revents = 8`);
      this.#end('link-error');
    }
  }

  #end(how: UcarpHalt): void {
    if (this.daemon !== 'running') return;
    this.#why = [this.#haltCause(how)];
    this.#actor?.send({ type: 'HALT', how });
    this.#actor?.stop();
    this.#actor = null;
    this.#gen++;
    this.#cancelPoll();
    this.#mdAt = this.#adAt = null;
    if (this.#state !== 'STOPPED') this.#setState('STOPPED', { cause: this.#why[0], chain: [] });
    this.#setDaemon(how === 'killed' ? 'killed' : 'stopped');
  }

  #haltCause(how: UcarpHalt): Cause {
    const t = this.world.clock.now;
    const evidence = this.world.applying ? [this.world.applying] : [];
    if (how === 'link-error')
      return {
        code: 'interface-down',
        t,
        node: this.name,
        subject: this.#iface?.name,
        detail: 'ucarp exits when its interface goes down',
        evidence,
      };
    return {
      code: 'vanished',
      t,
      node: this.name,
      subject: 'ucarp',
      detail: how === 'killed' ? 'SIGKILL' : 'SIGTERM, which ucarp does not handle without --shutdown',
      evidence,
    };
  }

  /** Why this node stopped being an acceptable master (world.whyNotMaster). */
  whyNotMaster(_router: string, _silence: SilenceReason): Cause[] {
    return this.daemon === 'running' ? [] : [...this.#why];
  }

  #setDaemon(status: Daemon): void {
    this.daemon = status;
    this.world.rec.event({ t: this.world.clock.now, kind: 'daemon', node: this.name, status });
  }

  // ---- receive path ----

  /** A CARP frame reached the node's interface: ucarp reads it at its next libpcap block timeout. */
  receive(frame: CarpOnWire): void {
    if (this.daemon !== 'running' || frame.iface !== this.#iface?.name) return;
    const gen = this.#gen;
    const now = this.world.clock.now;
    const since = (now - this.#phaseUs) % UCARP_PCAP_TIMEOUT_US;
    const wait = since === 0 ? 0 : UCARP_PCAP_TIMEOUT_US - since;
    this.world.clock.setTimeout(() => gen === this.#gen && this.#read(frame), wait, Lane.arrival);
  }

  #read(frame: CarpOnWire): void {
    const c = this.#cfg;
    const verdict = (v: 'accepted' | 'dropped', reason: string) =>
      this.world.rec.event({
        t: this.world.clock.now,
        kind: 'advert-received',
        node: this.name,
        instance: this.id,
        packet: frame.packet,
        verdict: v,
        reason,
      });
    const drop = (reason: string) => verdict('dropped', reason);
    // packethandler(): each check in ucarp's order; a frame of another vhid is ignored silently.
    if (frame.src === c.srcip) return;
    if (frame.ttl !== 255) drop(`Bad TTL: [${frame.ttl}]`);
    else if (frame.vhid !== c.vhid) return this.#wake();
    else if (frame.dst !== c.mcastip) return this.#wake();
    else if (!sameBytes(carpHmac(c.pass ?? '', c.vhid, c.addr ?? '0.0.0.0', frame.counter), frame.hmac))
      drop('Bad digest - Check vhid, password and virtual IP address');
    else {
      this.#counter = frame.counter;
      // The advert's own time: what a cause names ("u1's advert at 12.09 s"), not when ucarp read it.
      const sent = this.world.rec.packets[frame.packet]?.t ?? this.world.clock.now;
      this.#lastHeard = { t: sent, from: frame.fromNode, packet: frame.packet };
      verdict('accepted', `advbase ${frame.advbase}, advskew ${frame.advskew}`);
      const ev: UcarpAdvertEvent = {
        type: 'ADVERT',
        theirsUs: carpIntervalUs(frame.advbase, frame.advskew),
        oursUs: this.#intervalUs,
        lowerAddress: lowerSAddr(frame.src, c.srcip!),
        deadUs: c.advbase * c.deadratio * 1_000_000,
        packet: frame.packet,
        from: frame.fromNode,
      };
      this.#actor?.send(ev);
    }
    this.#wake();
  }

  // ---- the main loop: poll() wakes, master-down check, advert timer ----

  #cancelPoll(): void {
    if (this.#poll)
      this.world.clock.clearTimeout(this.#poll as Parameters<NodeWorld['clock']['clearTimeout']>[0]);
    this.#poll = null;
  }

  /** One pass of docarp()'s loop after poll() returned: master-down check, advert due, next poll(). */
  #wake(): void {
    if (this.daemon !== 'running') return;
    const now = this.world.clock.now;
    if (this.#state === 'BACKUP' && this.#mdAt !== null && now >= this.#mdAt) {
      this.#actor?.send({ type: 'MASTER_DOWN' });
    } else if (this.#state === 'MASTER' && this.#adAt !== null && advertDue(now, this.#adAt)) {
      this.#sendAdvert();
    }
    this.#cancelPoll();
    const gen = this.#gen;
    const ms = this.#state === 'MASTER' && this.#adAt !== null ? masterPollMs(now, this.#adAt) : this.#pollMs;
    const delay = ms * US_PER_MS + this.world.timing.slack(this.name, pollSlackUs(ms));
    this.#poll = this.world.clock.setTimeout(() => gen === this.#gen && this.#wake(), delay, Lane.timer);
  }

  // ---- what the machine asks for ----

  readonly #io: UcarpIo = {
    enterBackupAtStart: () => {
      this.#setState('BACKUP', {
        cause: {
          code: 'startup',
          t: this.world.clock.now,
          node: this.name,
          instance: this.id,
          detail: `ucarp waits ${this.#cfg.deadratio} × advbase + advskew/256 = ${(this.#downUs / 1e6).toFixed(3)} s`,
          evidence: this.world.applying ? [this.world.applying] : [],
        },
        chain: [],
      });
      this.#setVip(false);
      this.#armDown();
      this.#wake();
    },
    becomeMaster: (why) => {
      this.#setState('MASTER', this.#masterCause(why));
      this.#setVip(true);
      this.#garp();
      this.#sendAdvert();
      // "Schedule a delayed ARP request to deal w/ some L3 switches": a second GARP two adverts on.
      this.#delayedArp = 2;
      this.#mdAt = null;
    },
    yieldTo: (a) => {
      this.#sendAdvert();
      const t = this.world.clock.now;
      const tie = a.theirsUs === a.oursUs;
      this.#setState('BACKUP', {
        cause: {
          // Named after the preferred node, as capture analysis names a CARP takeover.
          code: tie ? 'tie-break-address' : 'higher-priority',
          t,
          node: tie ? this.name : a.from,
          instance: this.id,
          detail: tie
            ? `CARP: ${a.from} advertises as often and from a lower address; ${this.name} yielded`
            : `CARP: more frequent advertisement (${fmtS(a.theirsUs)} < ${fmtS(a.oursUs)} of ${this.name})`,
          evidence: [{ kind: 'packet', t, source: 0, packet: a.packet }],
        },
        chain: [],
      });
      this.world.rec.log(this.name, '[WARNING] Preferred master advertised: going back to BACKUP state');
      this.#setVip(false);
      this.#adAt = null;
      this.#armDown();
    },
    reassert: () => {
      this.#garp();
      this.#delayedArp = 2;
      this.world.rec.log(
        this.name,
        '[WARNING] Non-preferred master advertising: reasserting control of VIP with another gratuitous arp',
      );
    },
    restartDownTimer: () => this.#armDown(),
    halt: () => {},
  };

  #armDown(): void {
    this.#mdAt = this.world.clock.now + this.#downUs;
  }

  #masterCause(why: UcarpMasterReason): CausedTransition {
    const t = this.world.clock.now;
    const last = this.#lastHeard;
    if (why.code === 'master-down') {
      const holder = last?.from ?? null;
      const stillSending =
        holder !== null && (this.world.lastAdvert(this.router, holder)?.t ?? -1) > (last?.t ?? 0);
      const silence: SilenceReason = stillSending ? 'not-heard' : 'silent';
      return {
        cause: {
          code: 'master-down-timer',
          t,
          node: this.name,
          instance: this.id,
          mdiUs: this.#downUs,
          silence,
          ...(last ? { lastAdvert: { t: last.t, from: last.from, packet: last.packet } } : {}),
          evidence: last ? [{ kind: 'packet', t: last.t, source: 0, packet: last.packet }] : [],
        },
        chain: holder ? this.world.whyNotMaster(holder, this.router, silence, this.name) : [],
      };
    }
    const a = why.advert;
    return {
      cause: {
        code: 'higher-priority',
        t,
        node: this.name,
        instance: this.id,
        detail:
          why.code === 'preempt'
            ? `CARP: more frequent advertisement (${fmtS(a.oursUs)} < ${fmtS(a.theirsUs)} of ${a.from}), --preempt`
            : `${a.from} advertises every ${fmtS(a.theirsUs)}, slower than ${this.name}'s dead time: treated as timed out`,
        evidence: [{ kind: 'packet', t, source: 0, packet: a.packet }],
      },
      chain: [],
    };
  }

  #setState(to: VrrpState, caused: CausedTransition): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    const t = this.world.clock.now;
    this.world.rec.event({ t, kind: 'state', node: this.name, instance: this.id, from, to, ...caused });
    if (to !== 'STOPPED' && to !== 'INIT')
      this.world.rec.log(this.name, `[WARNING] Switching to state: ${to}`);
    if (to === 'MASTER') this.world.masterEntered(this.name, this.router, caused);
    else if (from === 'MASTER') this.world.masterLeft(this.name, this.router);
  }

  /** The up and down scripts: the lab's (and the usual) add and remove the VIP. */
  #setVip(add: boolean): void {
    if (!this.#iface || !this.#cfg.addr || this.#vipOn === add) return;
    this.#vipOn = add;
    this.world.rec.event({
      t: this.world.clock.now,
      kind: 'vip',
      node: this.name,
      instance: this.id,
      interface: this.#iface.name,
      address: this.#cfg.addr,
      op: add ? 'add' : 'remove',
    });
  }

  #garp(): void {
    const iface = this.#iface;
    const vip = this.#cfg.addr;
    if (!iface || !vip || !this.world.lan.linkUp(this.name, iface.name)) return;
    const t = this.world.clock.now;
    const bytes = ucarpGarpFrame(iface.mac, vip);
    const packet = this.world.rec.packet({
      t,
      node: this.name,
      instance: this.id,
      type: 'arp',
      srcMac: iface.mac,
      dstMac: 'ff:ff:ff:ff:ff:ff',
      src: vip,
      dst: vip,
      announce: { address: vip, mac: iface.mac, gratuitous: true },
      bytes,
      linkType: 1,
    });
    this.world.rec.event({ t, kind: 'garp-sent', node: this.name, instance: this.id, address: vip, packet });
    this.world.transmit({
      kind: 'announce',
      packet,
      fromNode: this.name,
      iface: iface.name,
      address: vip,
      mac: iface.mac,
    });
  }

  /** carp_send_ad(): the counter, the frame, the delayed GARP, and the next advert due. */
  #sendAdvert(): void {
    const c = this.#cfg;
    const iface = this.#iface!;
    const t = this.world.clock.now;
    let counter: bigint;
    if (this.#counter === null) {
      // carp_prepare_ad(): until a valid advert is read (sc_init_counter), every advert draws a new one
      // (ucarp-tie: u1's adverts before the heal carry unrelated counters).
      const word = () => BigInt(this.world.timing.uniform(0xffffffff - 1));
      counter = (word() << 32n) | word();
    } else counter = this.#counter = this.#counter === 0xffffffffffffffffn ? 0n : this.#counter + 1n;
    this.#adAt = t + this.#intervalUs;
    if (this.world.lan.linkUp(this.name, iface.name)) {
      const bytes = ucarpAdvertFrame({
        vhid: c.vhid!,
        advbase: c.advbase,
        advskew: c.advskew,
        counter,
        pass: c.pass!,
        vaddr: c.addr!,
        src: c.srcip!,
        dst: c.mcastip,
        ipId: this.world.timing.uniform(0xffff),
        nomcast: c.nomcast,
      });
      const carp = decodeCarp(bytes, 34, bytes.length - 34);
      const packet = this.world.rec.packet({
        t,
        node: this.name,
        instance: this.id,
        type: 'carp',
        srcMac: carpVirtualMac(c.vhid!),
        dstMac: [...bytes.subarray(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join(':'),
        src: c.srcip!,
        dst: c.mcastip,
        ttl: 255,
        carp,
        bytes,
        linkType: 1,
      });
      this.world.rec.event({ t, kind: 'advert-sent', node: this.name, instance: this.id, packet });
      this.world.advertSent(this.name, this.router, NO_PRIORITY, packet);
      this.world.transmit({
        kind: 'carp',
        packet,
        fromNode: this.name,
        iface: iface.name,
        vhid: c.vhid!,
        advbase: c.advbase,
        advskew: c.advskew,
        counter,
        hmac: bytes.subarray(34 + 16, 34 + 36),
        src: c.srcip!,
        dst: c.mcastip,
        ttl: 255,
        multicast: true,
      });
    }
    if (this.#delayedArp > 0) this.#delayedArp--;
    if (this.#delayedArp === 0) {
      if (this.#state === 'MASTER') this.#garp();
      this.#delayedArp = -1;
    }
  }
}

const fmtS = (us: Micros) => `${(us / 1e6).toFixed(3)} s`;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
