/**
 * An instance's adverts on the wire: keepalived's per-instance IP id counter, one frame to the multicast
 * group or one per unicast peer with the same IP id (§1.1, §6.2), each recorded as a packet and an
 * `advert-sent` event and handed to the LAN. Frames are built once per (priority, destination) and only
 * stamped with the IP id per send.
 */
import { VRRP_MCAST_V4, VRRP_MCAST_V6, VRRP_TTL } from '../vrrp/constants';
import { multicastMac } from '../vrrp/wire';
import type { GlobalDefs, VrrpInstance } from '../config/model';
import { advertTemplate, nextIpId, stampAdvert, type AdvertTemplate } from './packets';
import type { AdvertOnWire, NodeWorld, SimInterface } from './types';

/** What the sender needs of its instance. */
export interface SendingInstance {
  readonly cfg: VrrpInstance;
  readonly global: GlobalDefs;
  readonly host: { readonly name: string; readonly world: NodeWorld };
  readonly id: string;
  readonly router: string;
  readonly iface: SimInterface;
  readonly src: string;
  readonly srcBytes: Uint8Array;
  readonly vips: string[];
  readonly authType: number;
  srcMac(): string;
}

/** A built advert frame with where it goes. */
interface SentTemplate {
  tpl: AdvertTemplate;
  dstMac: string;
  /** The unicast peer's node and MAC, when known. */
  peer: { node: string; mac: string } | null;
  ttl: number;
}

export class AdvertSender {
  #ipId = 0;
  #templates = new Map<string, SentTemplate>();

  constructor(private readonly inst: SendingInstance) {}

  /** Drops the built frames (the instance's config changed: set-advert-int). */
  forgetTemplates(): void {
    this.#templates.clear();
  }

  /** One advert of `priority`, to the multicast group or once per unicast peer with the same IP id. */
  send(priority: number): void {
    const inst = this.inst;
    const world = inst.host.world;
    const cfg = inst.cfg;
    const peers = cfg.unicastPeers;
    // §7.4: unicast_ttl without peers leaves TTL 0, so the kernel drops every advert silently.
    if (!peers.length && cfg.unicastTtl === 0) return;
    if (!world.lan.linkUp(inst.host.name, inst.iface.name)) return;
    this.#ipId = nextIpId(this.#ipId);
    const targets = peers.length ? peers : [this.#mcastGroup()];
    for (const dst of targets) {
      const { tpl, dstMac, peer, ttl } = this.#template(priority, dst);
      const t = world.clock.now;
      const packet = world.rec.packet({
        t,
        node: inst.host.name,
        instance: inst.id,
        type: 'vrrp',
        srcMac: inst.srcMac(),
        dstMac,
        src: inst.src,
        dst,
        ttl,
        vrrp: tpl.fields,
        bytes: stampAdvert(tpl, cfg.family, this.#ipId),
        linkType: 1,
      });
      world.rec.event({ t, kind: 'advert-sent', node: inst.host.name, instance: inst.id, packet });
      if (dst === targets[0]) world.advertSent(inst.host.name, inst.router, priority, packet);
      const wire: AdvertOnWire = {
        kind: 'vrrp',
        packet,
        fromNode: inst.host.name,
        iface: inst.iface.name,
        family: cfg.family,
        vrid: cfg.vrid ?? 0,
        version: cfg.version,
        priority,
        intervalCs: cfg.advertIntervalCs,
        vips: inst.vips,
        authType: inst.authType,
        authPass: (cfg.authPass ?? '').slice(0, 8),
        ttl,
        src: inst.src,
        srcBytes: inst.srcBytes,
        dst,
        multicast: !peers.length,
        toNode: peer?.node,
      };
      world.transmit(wire);
    }
  }

  #mcastGroup(): string {
    const { cfg, global } = this.inst;
    return (
      cfg.mcastDstIp ??
      (cfg.family === 'ipv4'
        ? (global.vrrpMcastGroup4 ?? VRRP_MCAST_V4)
        : (global.vrrpMcastGroup6 ?? VRRP_MCAST_V6))
    );
  }

  /** The advert frame for (priority, destination), its MAC and TTL, built once and kept. */
  #template(priority: number, dst: string): SentTemplate {
    const key = `${priority}|${dst}`;
    const known = this.#templates.get(key);
    if (known) return known;
    const inst = this.inst;
    const cfg = inst.cfg;
    const unicast = cfg.unicastPeers.length > 0;
    const peer = unicast ? inst.host.world.macOf(inst.iface.name, dst) : null;
    const dstMac = unicast ? (peer?.mac ?? 'ff:ff:ff:ff:ff:ff') : multicastMac(cfg.family, dst);
    const ttl = unicast ? cfg.unicastTtl : VRRP_TTL;
    const tpl = advertTemplate(
      {
        version: cfg.version,
        family: cfg.family,
        vrid: cfg.vrid ?? 0,
        advertIntervalCs: cfg.advertIntervalCs,
        vips: inst.vips,
        authType: cfg.authType,
        authPass: cfg.authPass,
        srcMac: inst.srcMac(),
        src: inst.src,
      },
      priority,
      dst,
      dstMac,
      ttl,
    );
    const sent = { tpl, dstMac, peer, ttl };
    this.#templates.set(key, sent);
    return sent;
  }
}
