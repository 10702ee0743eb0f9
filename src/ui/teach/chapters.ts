/**
 * The chapters of "Who is prod-db-internal.panda.com?", retelling ../shared/seed/panda-story.txt with
 * the live simulation. Each chapter says which live panel it shows and which stretch of virtual time it
 * plays; failover-relative times are resolved against the trace (tutorial-run.ts).
 */

export type ChapterPanel =
  'hosts' | 'ip-addr' | 'configs' | 'priorities' | 'active-active' | 'failover' | 'arp' | 'failback';

/** Where a chapter starts and stops in virtual time. */
export type ChapterTime =
  | { kind: 'at'; s: number }
  /** Play from `fromS` until `afterS` seconds past the nth failover of `vrid` (0-based), at `speed`. */
  | { kind: 'until-failover'; fromS: number; vrid: number; nth: number; afterS: number; speed: number }
  /** Slow motion around the nth failover of `vrid`: from `beforeS` before it to `afterS` after it. */
  | { kind: 'around-failover'; vrid: number; nth: number; beforeS: number; afterS: number; speed: number };

export interface Chapter {
  title: string;
  /** Paragraphs of plain text; `code` paragraphs are shown preformatted. */
  body: { text?: string; code?: string }[];
  panel: ChapterPanel;
  time: ChapterTime;
}

export const CHAPTERS: readonly Chapter[] = [
  {
    title: 'A line in /etc/hosts',
    panel: 'hosts',
    time: { kind: 'at', s: 10 },
    body: [
      { text: 'Every server of project Panda carries the same static entry, added by a Chef cookbook:' },
      { code: '192.168.3.200\tprod-db-internal.panda.com' },
      { text: 'The Java application reaches its database through that name, and DNS does not know it:' },
      { code: 'db.url=jdbc:mysql://prod-db-internal.panda.com/' },
      {
        text: 'So every query of the app goes to 192.168.3.200. Who is that? Not one of the three DB nodes.',
      },
    ],
  },
  {
    title: 'ip addr sees it, ifconfig does not',
    panel: 'ip-addr',
    time: { kind: 'at', s: 10 },
    body: [
      { text: 'On prod-haproxy-000, ifconfig shows one IPv4 address for eth2: 192.168.3.4.' },
      {
        text: '"ip addr show" also lists 192.168.3.200/32, a secondary address without a label. net-tools only prints one address per interface name, so the address everyone is looking for is invisible to ifconfig.',
      },
      {
        text: 'prod-haproxy-001 has its own secondary address: 192.168.3.201. Both are added by keepalived, not by the network configuration.',
      },
    ],
  },
  {
    title: 'Two keepalived configs',
    panel: 'configs',
    time: { kind: 'at', s: 10 },
    body: [
      {
        text: 'Both nodes run keepalived with two vrrp_instance blocks each: VRID 200 carries 192.168.3.200 and VRID 201 carries 192.168.3.201.',
      },
      {
        text: 'Every instance says "state MASTER", but that is only a wish at start-up: with a priority below 255 keepalived starts as BACKUP and lets the election decide.',
      },
      {
        text: 'The instance names are IP addresses. keepalived accepts any word as a name; it is just a label.',
      },
    ],
  },
  {
    title: 'Priorities and weight −2',
    panel: 'priorities',
    time: { kind: 'at', s: 10 },
    body: [
      {
        text: 'VRID 200: prod-haproxy-000 has priority 100, prod-haproxy-001 has 99. VRID 201 is the mirror image.',
      },
      {
        text: "chk_haproxy runs “killall -0 haproxy” every 2 s. While it fails, weight −2 is added to every instance that tracks it: 100 − 2 = 98, which is below the peer's 99.",
      },
      {
        text: 'A gap of 1 and a weight of 2: exactly enough to hand the VIP over. With weight −1 the priorities would tie at 99 and nothing would move.',
      },
    ],
  },
  {
    title: 'The open question: an active/active pair',
    panel: 'active-active',
    time: { kind: 'at', s: 10 },
    body: [
      {
        text: 'The story asks what this setup is called. It has two VRRP instances, and each node is MASTER of one VIP and BACKUP of the other.',
      },
      {
        text: "prod-haproxy-000 serves 192.168.3.200 and stands by for .201; prod-haproxy-001 serves .201 and stands by for .200. That is an active/active pair: both load balancers are in use, and each is the other's backup.",
      },
      {
        text: 'The app only uses .200 today, so in practice 000 does the work, but both VIPs really are shared.',
      },
    ],
  },
  {
    title: 'Killing haproxy',
    panel: 'failover',
    time: { kind: 'until-failover', fromS: 19, vrid: 200, nth: 0, afterS: 1.5, speed: 2 },
    body: [
      {
        text: "haproxy dies on prod-haproxy-000. Within 2 s chk_haproxy fails and 000's priority drops to 98. No packet announces it: 000 simply advertises 98 from then on.",
      },
      {
        text: '001 discards those lower-priority adverts without resetting its timer. When its Master_Down_Interval runs out (3 × 1 s + (256 − 99)/256 s = 3.613 s after the last advert at 100), it becomes MASTER of VRID 200.',
      },
    ],
  },
  {
    title: 'The address moves; nothing is forwarded',
    panel: 'arp',
    time: { kind: 'around-failover', vrid: 200, nth: 0, beforeS: 0.3, afterS: 1, speed: 0.25 },
    body: [
      { text: 'The story says keepalived "routes all the traffic coming to 000 to 001". It does not.' },
      {
        text: '001 adds 192.168.3.200 to its own eth2 and sends gratuitous ARPs: "192.168.3.200 is at bc:76:4e:05:eb:70". The app server\'s ARP cache follows, so its packets for .200 go straight to 001\'s MAC. 000 removes the address. Nothing is relayed through 000.',
      },
    ],
  },
  {
    title: 'The failback',
    panel: 'failback',
    time: { kind: 'until-failover', fromS: 39, vrid: 200, nth: 1, afterS: 1.5, speed: 2 },
    body: [
      {
        text: "haproxy is started again on 000. The next check succeeds, its priority goes back to 100, and it now discards 001's 99 adverts.",
      },
      {
        text: "After its own Master_Down_Interval (3.609 s at priority 100) 000 is MASTER again, sends its gratuitous ARPs, and the app's ARP cache points back to bc:76:4e:05:6c:1c. 001 yields silently. Preemption is on by default.",
      },
    ],
  },
];
