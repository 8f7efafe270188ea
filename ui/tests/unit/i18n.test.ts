import { describe, expect, it } from 'vitest';
import { format, has, resolveLanguage } from '../../src/lib/i18n';

describe('i18n', () => {
  it('formats a message with arguments in each language', () => {
    expect(format('en', 'setup-found-by', { source: 'autoconfig' })).toBe('found by autoconfig');
    expect(format('de', 'setup-found-by', { source: 'Autoconfig' })).toBe('gefunden über Autoconfig');
  });

  it('reads attributes as id.attribute', () => {
    expect(format('en', 'error-pinning-forbidden.hint')).toContain('certificate authority');
    expect(format('de', 'error-pinning-forbidden.hint')).toContain('Zertifizierungsstelle');
  });

  it('falls back to English, then to the id itself', () => {
    expect(has('de', 'no-such-message')).toBe(false);
    expect(format('de', 'no-such-message')).toBe('no-such-message');
  });

  it('selects plurals', () => {
    expect(format('en', 'accounts-removed-with-warnings', { id: 'work', count: 1 })).toContain('One server');
    expect(format('en', 'accounts-removed-with-warnings', { id: 'work', count: 2 })).toContain('2 servers');
  });

  it('follows the operating system unless the setting names a language', () => {
    expect(resolveLanguage('system', 'de-DE')).toBe('de');
    expect(resolveLanguage('system', 'fr-FR')).toBe('en');
    expect(resolveLanguage('en', 'de-DE')).toBe('en');
    expect(resolveLanguage('de', undefined)).toBe('de');
  });
});
