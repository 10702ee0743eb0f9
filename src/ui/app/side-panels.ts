/**
 * The tabs of the Workbench's right-hand side panel, in order. Each component takes no props and reads
 * the session (`getSession()`).
 */
import type { Component } from 'svelte';
import ConfigPanel from '../panels/ConfigPanel.svelte';
import PacketsPanel from '../panels/PacketsPanel.svelte';
import CapturePanel from '../panels/CapturePanel.svelte';
import ExplainPanel from '../panels/ExplainPanel.svelte';

export interface SidePanel {
  id: string;
  label: string;
  component: Component;
}

export const sidePanels: SidePanel[] = [
  { id: 'config', label: 'Config', component: ConfigPanel },
  { id: 'packets', label: 'Packets', component: PacketsPanel },
  { id: 'capture', label: 'Capture', component: CapturePanel },
  { id: 'explain', label: 'Explain', component: ExplainPanel },
];
