/**
 * Project Panda (../shared/seed/panda-story.txt; docs/vrrp-behaviour.md §4.8): the built-in scenario,
 * in which haproxy dies on prod-haproxy-000 at 20.3 s and is restarted at 40.3 s.
 */
import { pandaScenario } from '../scenario/panda';
import type { LibraryEntry } from './claims';

export { pandaScenario };

export const panda: LibraryEntry = {
  id: 'panda',
  title: 'Project Panda (the story)',
  summary:
    "Two haproxy nodes, two VRIDs: prod-haproxy-000 is master of 192.168.3.200 and prod-haproxy-001 of .201 (active/active). haproxy dies on 000 at 20.3 s: weight −2 takes it from 100 to 98, below 001's 99, and .200 moves to 001; it moves back after haproxy restarts at 40.3 s.",
  build: pandaScenario,
  claims: [
    { atS: 15, family: 'ipv4', vrid: 200, masters: ['prod-haproxy-000'], why: '100 > 99' },
    { atS: 15, family: 'ipv4', vrid: 201, masters: ['prod-haproxy-001'], why: '100 > 99: active/active' },
    {
      atS: 30,
      family: 'ipv4',
      vrid: 200,
      masters: ['prod-haproxy-001'],
      why: 'chk_haproxy failed on 000: 100 − 2 = 98 < 99',
    },
    { atS: 30, family: 'ipv4', vrid: 201, masters: ['prod-haproxy-001'], why: '001 keeps .201: 100 > 97' },
    {
      atS: 55,
      family: 'ipv4',
      vrid: 200,
      masters: ['prod-haproxy-000'],
      why: 'haproxy back: 100 > 99, preempt',
    },
  ],
};
