import type { FlowSettings } from './settings.js';

/**
 * The named control points of the menu, in the order a caller may reach them: after the
 * greeting, the main menu, then each sub-menu. Campaigns name one of these
 * (docs/campaigns.md); the API refuses any other.
 */
export function controlPointsOf(settings: FlowSettings): string[] {
  return [settings.greeting.controlPoint, settings.menu.controlPoint];
}
