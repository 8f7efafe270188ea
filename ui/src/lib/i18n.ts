// Fluent lookup shared by the UI: the same .ftl files the Rust crates use.
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import enSource from '../../../locales/en/werkbank.ftl?raw';
import deSource from '../../../locales/de/werkbank.ftl?raw';

export type Language = 'de' | 'en';
export const LANGUAGES: readonly Language[] = ['de', 'en'];
export type Args = Record<string, FluentVariable | null | undefined>;

export const SOURCES: Record<Language, string> = { en: enSource, de: deSource };

function makeBundle(lang: Language): FluentBundle {
  // No bidi isolation marks: both languages are left-to-right, and the marks would end
  // up in copied text and in test assertions.
  const bundle = new FluentBundle(lang === 'de' ? 'de-DE' : 'en-GB', { useIsolating: false });
  const errors = bundle.addResource(new FluentResource(SOURCES[lang]));
  if (errors.length > 0) {
    console.error(`werkbank.ftl (${lang}) has syntax errors`, errors);
  }
  return bundle;
}

const bundles: Record<Language, FluentBundle> = { en: makeBundle('en'), de: makeBundle('de') };

/** The UI's language for the `ui.language` setting (`system`, `de`, `en`). */
export function resolveLanguage(setting: string | null | undefined, system: string | null | undefined): Language {
  if (setting === 'de' || setting === 'en') return setting;
  return (system ?? '').toLowerCase().startsWith('de') ? 'de' : 'en';
}

/**
 * Formats `id` (or `id.attribute`) in `lang`, falling back to English and then to the
 * id itself, so a missing string is visible but never breaks a screen.
 */
export function format(lang: Language, id: string, args?: Args): string {
  const [messageId, attribute] = id.split('.', 2) as [string, string | undefined];
  for (const candidate of lang === 'en' ? [bundles.en] : [bundles[lang], bundles.en]) {
    const message = candidate.getMessage(messageId);
    if (!message) continue;
    const pattern = attribute ? message.attributes[attribute] : message.value;
    if (!pattern) continue;
    const clean: Record<string, FluentVariable> = {};
    for (const [k, v] of Object.entries(args ?? {})) if (v !== null && v !== undefined) clean[k] = v;
    const errors: Error[] = [];
    const text = candidate.formatPattern(pattern, clean, errors);
    return text;
  }
  return id;
}

/** Whether a message (or `id.attribute`) exists in `lang` itself, without fallback. */
export function has(lang: Language, id: string): boolean {
  const [messageId, attribute] = id.split('.', 2) as [string, string | undefined];
  const message = bundles[lang].getMessage(messageId);
  if (!message) return false;
  return attribute ? Boolean(message.attributes[attribute]) : Boolean(message.value);
}
