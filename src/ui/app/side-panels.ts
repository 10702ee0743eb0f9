/**
 * The tabs of the Workbench's side panel. Each component takes no props and reads getSession().
 * Add a panel by adding one entry to this array (keep it a plain list: one line per panel).
 */
import type { Component } from 'svelte';
import FaultsPanel from '../faults/FaultsPanel.svelte';
import NodePanel from './NodePanel.svelte';

export interface SidePanel {
  id: string;
  label: string;
  component: Component;
}

export const sidePanels: SidePanel[] = [
  { id: 'faults', label: 'Faults', component: FaultsPanel },
  { id: 'node', label: 'Node', component: NodePanel },
];
