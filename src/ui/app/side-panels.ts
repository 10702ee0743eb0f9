/**
 * The tabs of the Workbench's side panel. Each component takes no props and reads getSession().
 * Add a panel by adding one entry to this array (keep it a plain list: one line per panel).
 */
import type { Component } from 'svelte';
import FaultsPanel from '../faults/FaultsPanel.svelte';
import NodePanel from './NodePanel.svelte';
import ConfigPanel from '../panels/ConfigPanel.svelte';
import PacketsPanel from '../panels/PacketsPanel.svelte';
import CapturePanel from '../panels/CapturePanel.svelte';
import ExplainPanel from '../panels/ExplainPanel.svelte';
import SharePanel from '../teach/SharePanel.svelte';
import InvestigatePanel from '../investigate/InvestigatePanel.svelte';
import IncidentsPanel from '../investigate/IncidentsPanel.svelte';

export interface SidePanel {
  id: string;
  label: string;
  component: Component;
}

export const sidePanels: SidePanel[] = [
  { id: 'faults', label: 'Faults', component: FaultsPanel },
  { id: 'node', label: 'Node', component: NodePanel },
  { id: 'config', label: 'Config', component: ConfigPanel },
  { id: 'packets', label: 'Packets', component: PacketsPanel },
  { id: 'capture', label: 'Capture', component: CapturePanel },
  { id: 'explain', label: 'Explain', component: ExplainPanel },
  { id: 'share', label: 'Share', component: SharePanel },
  { id: 'investigate', label: 'Investigate', component: InvestigatePanel },
  { id: 'incidents', label: 'Incidents', component: IncidentsPanel },
];
