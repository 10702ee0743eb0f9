/**
 * `vrrp_sync_group NAME { group { … } … }` (docs/vrrp-behaviour.md §6.1, §7.5).
 */
import type { ScriptDraft, SyncGroupDraft } from './draft';
import { dispatch, known, notifyHandlers, SYNC_UNMODELLED_BLOCKS, SYNC_UNMODELLED_VALUES } from './keywords';
import type { KeywordTable } from './keywords';
import { readTrackRef, readTrackScripts } from './items';
import type { Stmt } from './tree';
import { lineSpan } from './tree';
import type { Reporter } from './values';

const NOTIFY_KEYWORDS = ['notify', 'notify_master', 'notify_backup', 'notify_fault', 'notify_stop'] as const;

export function readSyncGroup(
  s: Stmt,
  r: Reporter,
  scripts: Map<string, ScriptDraft>,
  onNotify: (s: Stmt) => void,
): SyncGroupDraft {
  const name = s.args[0].text;
  const d: SyncGroupDraft = {
    group: { name, group: [], trackScripts: [], trackInterfaces: [], notify: {}, at: lineSpan(s) },
    memberAt: [],
    trackingWeight: false,
  };
  const g = d.group;
  const table: KeywordTable = {
    ...known(SYNC_UNMODELLED_VALUES, false),
    ...known(SYNC_UNMODELLED_BLOCKS, true),
    group: {
      block: true,
      handle: (st) => {
        if (!st.block?.length)
          r.report(
            'config.sync-empty-block',
            'warning',
            `Warning - sync group ${name} has empty group block`,
            // keepalived notices at the block's end.
            st.close?.at ?? lineSpan(st),
          );
        for (const item of st.block ?? []) {
          for (const t of [item.keyword, ...item.args]) {
            g.group.push(t.text);
            d.memberAt.push(t.at);
          }
        }
      },
    },
    track_script: {
      block: true,
      handle: (st) => g.trackScripts.push(...readTrackScripts(st, r, name, scripts)),
    },
    track_interface: {
      block: true,
      handle: (st) => {
        for (const item of st.block ?? []) g.trackInterfaces.push(readTrackRef(item, r, name).ref);
      },
    },
    sync_group_tracking_weight: { block: false, handle: () => (d.trackingWeight = true) },
  };
  Object.assign(
    table,
    notifyHandlers(NOTIFY_KEYWORDS, () => ({ notify: g.notify, owner: name, r, onNotify })),
  );
  dispatch(s.block, table, r);
  return d;
}
