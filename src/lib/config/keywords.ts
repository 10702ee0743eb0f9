/**
 * The keyword table: for each block of keepalived.conf, which keywords exist in keepalived 2.2.7, whether
 * they open a `{ … }` block, and how vrrpscope reads them. Keywords keepalived knows but vrrpscope does
 * not model are accepted silently (keepalived runs with them); unknown keywords get keepalived's
 * "Unknown keyword 'x'" and the line is skipped (docs/vrrp-behaviour.md §7.1).
 */
import type { Stmt } from './tree';
import { lineSpan } from './tree';
import { joinArgs, type Reporter } from './values';

/** A keyword's reader; `c` is the context of the block being read (tables can then be built once). */
export type Handler<C = void> = (s: Stmt, c: C) => void;

export interface KeywordSpec<C = void> {
  /** True for keywords that take a `{ … }` block. */
  block: boolean;
  /** Absent for keywords keepalived accepts that vrrpscope does not model. */
  handle?: Handler<C>;
}

export type KeywordTable<C = void> = Record<string, KeywordSpec<C>>;

/** Keywords of the given kind that vrrpscope accepts without modelling them. */
export function known<C = void>(names: string[], block: boolean): KeywordTable<C> {
  return Object.fromEntries(names.map((n) => [n, { block }]));
}

/** Top-level blocks the VRRP process skips or vrrpscope does not model (§7.2). */
export const SKIPPED_TOP_BLOCKS = [
  'virtual_server',
  'virtual_server_group',
  'bfd_instance',
  'static_ipaddress',
  'static_routes',
  'static_rules',
  'track_file',
  'vrrp_track_file',
  'vrrp_track_process',
  'track_group',
  'garp_group',
  'linkbeat_interfaces',
  'interface_up_down_delays',
];

/** Top-level process options (§7.2). */
export const TOP_OPTIONS = [
  'net_namespace',
  'net_namespace_ipvs',
  'instance',
  'use_pid_dir',
  'child_wait_time',
  'linkbeat_use_polling',
  'namespace_with_ipsets',
];

export const GLOBAL_UNMODELLED_VALUES = [
  'notification_email_from',
  'smtp_server',
  'smtp_connect_timeout',
  'smtp_helo_name',
  'smtp_alert',
  'smtp_alert_vrrp',
  'smtp_alert_checker',
  'no_email_faults',
  'lvs_id',
  'lvs_sync_daemon',
  'lvs_flush',
  'lvs_flush_onstop',
  'lvs_timeouts',
  'vrrp_garp_lower_prio_delay',
  'vrrp_garp_lower_prio_repeat',
  'vrrp_min_garp',
  'vrrp_garp_extra_if',
  'vrrp_iptables',
  'vrrp_ipsets',
  'nftables',
  'nftables_priority',
  'nftables_counters',
  'nftables_ifindex',
  'vrrp_priority',
  'vrrp_no_swap',
  'vrrp_rt_priority',
  'vrrp_rlimit_rttime',
  'vrrp_cpu_affinity',
  'checker_priority',
  'checker_no_swap',
  'checker_rt_priority',
  'checker_rlimit_rttime',
  'checker_cpu_affinity',
  'bfd_priority',
  'bfd_no_swap',
  'bfd_rt_priority',
  'bfd_rlimit_rttime',
  'bfd_cpu_affinity',
  'snmp_socket',
  'enable_traps',
  'enable_snmp_keepalived',
  'enable_snmp_vrrp',
  'enable_snmp_checker',
  'enable_snmp_rfc',
  'enable_snmp_rfcv2',
  'enable_snmp_rfcv3',
  'enable_dbus',
  'dbus_service_name',
  'notify_fifo',
  'notify_fifo_script',
  'vrrp_notify_fifo',
  'vrrp_notify_fifo_script',
  'lvs_notify_fifo',
  'lvs_notify_fifo_script',
  'dynamic_interfaces',
  'log_unknown_vrids',
  'vrrp_notify_priority_changes',
  'max_auto_priority',
  'min_auto_priority_delay',
  'default_interface',
  'umask',
  'process_names',
  'process_name',
  'vrrp_process_name',
  'checker_process_name',
  'bfd_process_name',
  'vrrp_netlink_cmd_rcv_bufs',
  'vrrp_netlink_cmd_rcv_bufs_force',
  'vrrp_netlink_monitor_rcv_bufs',
  'vrrp_netlink_monitor_rcv_bufs_force',
  'lvs_netlink_cmd_rcv_bufs',
  'lvs_netlink_cmd_rcv_bufs_force',
  'lvs_netlink_monitor_rcv_bufs',
  'lvs_netlink_monitor_rcv_bufs_force',
  'vrrp_rx_bufs_policy',
  'vrrp_rx_bufs_multiplier',
  'random_seed',
  'reload_check_config',
  'reload_time_file',
  'reload_repeat',
  'reload_file',
  'data_use_instance',
  'config_save_dir',
  'fifo_write_vrrp_states_on_reload',
  'checker_log_all_failures',
  'vrrp_tcp_mode',
  'linkbeat_use_polling',
  'use_pid_dir',
  'instance',
  'net_namespace',
  'namespace_with_ipsets',
  'vrrp_socket_rcv_bufs',
  'vrrp_mcast_group4_ttl',
  'script_user_group',
  'shutdown_script',
  'shutdown_script_timeout',
  'startup_script',
  'startup_script_timeout',
  'disable_local_igmp',
  'vrrp_garp_interval_ms',
  'dynamic_interfaces_allow_if_changes',
  'vrrp_version_3',
  'child_wait_time',
  'lvs_sync_daemon_interface',
  'lvs_flush_on_stop',
  'vrrp_rlimit_rtime',
  'checker_rlimit_rtime',
  'bfd_rlimit_rtime',
  'lvs_process_name',
  'nftables_ipvs',
  'nftables_ipvs_priority',
  'nftables_ipvs_start_fwmark',
  'no_checker_emails',
  'process_monitor_rcv_bufs',
  'process_monitor_rcv_bufs_force',
  'rs_init_notifies',
  'tmp_config_directory',
  'vmac_addr_prefix',
  'vmac_prefix',
  'vrrp_vmac_garp_intvl',
];

export const GLOBAL_UNMODELLED_BLOCKS = ['notification_email'];

export const INSTANCE_UNMODELLED_VALUES = [
  'accept',
  'no_accept',
  'promote_secondaries',
  'kernel_rx_buf_size',
  'linkbeat_use_polling',
  'debug',
  'native_ipv6',
  'vrf',
  'use_vmac_addr',
  'use_ipvlan',
  'garp_lower_prio_delay',
  'garp_lower_prio_repeat',
  'garp_extra_if',
  'vmac_garp_intvl',
  'track_src_ip',
  'check_unicast_src',
  'unicast_fault_no_peer',
  'old_unicast_checksum',
  'smtp_alert',
  'notify_priority_changes',
  'notify_deleted',
  'sync_group_tracking_weight',
  'no_virtual_ipaddress',
  'rfc_strict',
];

export const INSTANCE_UNMODELLED_BLOCKS = ['track_process', 'track_bfd', 'track_group'];

export const SCRIPT_UNMODELLED_VALUES = ['init_fail_count'];

export const SYNC_UNMODELLED_VALUES = ['smtp_alert', 'notify_priority_changes', 'global_tracking'];
export const SYNC_UNMODELLED_BLOCKS = ['track_file', 'track_process', 'track_bfd', 'track_group'];

/**
 * Reads a block's statements with a keyword table. Checks that block keywords have a block (keepalived:
 * "Missing '{' at beginning of configuration block") and that value keywords have none.
 */
export function dispatch<C = void>(
  stmts: Stmt[] | undefined,
  table: KeywordTable<C>,
  r: Reporter,
  c?: C,
): void {
  for (const s of stmts ?? []) {
    const spec = table[s.keyword.text];
    if (!spec) {
      r.report(
        'config.unknown-keyword',
        'warning',
        `Unknown keyword '${s.keyword.text}'`,
        lineSpan(s),
        s.block ? 'The line and its block are skipped.' : 'The line is skipped.',
      );
      continue;
    }
    if (spec.block && !s.block) {
      r.report(
        'config.missing-open-brace',
        'warning',
        `Missing '{' at beginning of configuration block`,
        lineSpan(s),
        `${s.keyword.text} is ignored.`,
      );
      continue;
    }
    if (!spec.block && s.block) {
      r.report(
        'config.unexpected-open-brace',
        'warning',
        `Unexpected '{' - ignoring`,
        s.open!.at,
        `${s.keyword.text} takes no block; its contents are skipped.`,
      );
    }
    spec.handle?.(s, c as C);
  }
}

/** Where a `notify*` keyword stores its script, and who owns it (an instance or a sync group). */
export interface NotifyTarget {
  notify: Record<string, string | undefined>;
  owner: string;
  r: Reporter;
  onNotify: (s: Stmt) => void;
}

/** Handlers for `notify*` keywords: one script each; a second definition is ignored (§6.5). */
export function notifyHandlers<C>(keys: readonly string[], target: (c: C) => NotifyTarget): KeywordTable<C> {
  const table: KeywordTable<C> = {};
  for (const key of keys) {
    table[key] = {
      block: false,
      handle: (st, c) => {
        const { notify, owner, r, onNotify } = target(c);
        if (!st.args.length) return void r.arg(st);
        if (notify[key] !== undefined) {
          const msg = `(${owner}) ${key} script already specified - ignoring ${joinArgs(st)}`;
          return r.report('config.notify-duplicate', 'warning', msg, lineSpan(st));
        }
        notify[key] = joinArgs(st);
        onNotify(st);
      },
    };
  }
  return table;
}
