/**
 * A pfSense-style CARP pair, run as Linux ucarp (the implementation vrrpscope has recorded): the
 * primary advertises with advskew 0, the secondary with advskew 100, both with preemption, as a
 * pfSense HA pair is set up. CARP has no priority: the node that advertises more often is preferred.
 */
import type { LibraryEntry } from './claims';
import { lanNode } from './lan';

const ucarp = (src: string, skew: number) =>
  `ucarp --interface=eth0 --srcip=${src} --vhid=10 --pass=pfsense-ha --addr=10.0.10.1 --advbase=1 --advskew=${skew} --preempt`;

const carpNode = (name: string, cidr: string, mac: string, skew: number) => ({
  ...lanNode(name, cidr, mac, ucarp(cidr.split('/')[0], skew)),
  implementation: 'ucarp' as const,
});

export const carpPair: LibraryEntry = {
  id: 'carp-pair',
  title: 'CARP pair (pfSense-style, ucarp)',
  summary:
    'fw-1 (advskew 0) and fw-2 (advskew 100) share vhid 10 with preemption. fw-1 advertises every 1 s and is master; when its CARP process is killed, fw-2 notices only after 3 × advbase + advskew/256 s, and later than that because ucarp reads adverts through libpcap once a second; when fw-1 is back it preempts at the first fw-2 advert it reads.',
  build: () => ({
    name: 'carp-pair',
    description:
      'CARP vhid 10, VIP 10.0.10.1; fw-1 advskew 0, fw-2 advskew 100, both --preempt (ucarp 1.5.2 command lines).',
    seed: 1,
    nodes: [
      carpNode('fw-1', '10.0.10.2/24', '52:54:00:00:10:02', 0),
      carpNode('fw-2', '10.0.10.3/24', '52:54:00:00:10:03', 100),
    ],
    events: [
      // A node with a later start event does not start by itself at 0.
      { at: 0, action: 'start-ucarp', node: 'fw-1' },
      { at: 15, action: 'kill-ucarp', node: 'fw-1', note: 'the CARP process on fw-1 dies' },
      { at: 30, action: 'start-ucarp', node: 'fw-1', note: 'fw-1 is back' },
    ],
    duration: 45,
  }),
  claims: [
    {
      atS: 10,
      protocol: 'carp',
      family: 'ipv4',
      vrid: 10,
      masters: ['fw-1'],
      why: 'the lowest advskew advertises most often and wins',
    },
    {
      atS: 25,
      protocol: 'carp',
      family: 'ipv4',
      vrid: 10,
      masters: ['fw-2'],
      why: 'fw-1 is silent: fw-2 takes over after its master-down time',
    },
    {
      atS: 40,
      protocol: 'carp',
      family: 'ipv4',
      vrid: 10,
      masters: ['fw-1'],
      why: 'with --preempt, fw-1 takes the vhid back as soon as it reads an advert from the slower fw-2',
    },
  ],
};
