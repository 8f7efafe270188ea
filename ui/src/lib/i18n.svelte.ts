// The reactive side of i18n: the current language as state, so every `t(…)` in a
// template re-renders when it changes.
import { format, type Args, type Language } from './i18n';

export const locale = $state<{ current: Language }>({ current: 'en' });

export function setLanguage(lang: Language): void {
  locale.current = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** Every user-visible string: `t('settings-title')`, `t('setup-found-by', { source })`. */
export function t(id: string, args?: Args): string {
  return format(locale.current, id, args);
}
