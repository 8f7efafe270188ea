import type { IconName } from '../lib/components/icons';

/** The modules the UI knows, in rail order; the policy decides which of them show. */
export const KNOWN_MODULES: { id: string; icon: IconName }[] = [
  { id: 'mail', icon: 'mail' },
  { id: 'calendar', icon: 'calendar' },
  { id: 'contacts', icon: 'contacts' },
  { id: 'chat', icon: 'chat' },
  { id: 'files', icon: 'files' },
];

export function iconFor(id: string): IconName {
  return KNOWN_MODULES.find((m) => m.id === id)?.icon ?? 'tools';
}
