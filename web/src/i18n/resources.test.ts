// The loader's "files → resources" step: a language in one file registers each
// of its top-level keys as a namespace, beside the languages kept in folders.
import { describe, expect, it } from 'vitest';
import { collectResources } from './resources';

describe('collectResources', () => {
  const folders = {
    './locales/en/meta.json': { name: 'English', locale: 'en-US' },
    './locales/en/common.json': { actions: { save: 'Save' } },
    './locales/es/meta.json': { name: 'Español', locale: 'es-VE' },
    './locales/es/common.json': { actions: { save: 'Guardar' } },
  };

  it('reads a language kept in a folder, a namespace a file', () => {
    expect(collectResources(folders)).toEqual({
      en: { meta: { name: 'English', locale: 'en-US' }, common: { actions: { save: 'Save' } } },
      es: { meta: { name: 'Español', locale: 'es-VE' }, common: { actions: { save: 'Guardar' } } },
    });
  });

  it('registers every top-level key of a single-file language as a namespace', () => {
    const resources = collectResources({
      ...folders,
      './locales/fr.json': {
        meta: { name: 'Français', locale: 'fr-FR' },
        common: { actions: { save: 'Enregistrer' } },
        lots: { title: 'Lots' },
        // The server's words for printed reports, not a namespace of the app.
        documents: { shift: { title: 'Rapport de poste' } },
      },
      './locales/pt-BR.json': { meta: { name: 'Português (Brasil)', locale: 'pt-BR' } },
    });
    expect(Object.keys(resources).sort()).toEqual(['en', 'es', 'fr', 'pt-BR']);
    expect(resources.fr).toEqual({
      meta: { name: 'Français', locale: 'fr-FR' },
      common: { actions: { save: 'Enregistrer' } },
      lots: { title: 'Lots' },
    });
    expect(resources['pt-BR']?.meta?.name).toBe('Português (Brasil)');
  });

  it('skips what is not a namespace: a string or a list at the top of a file', () => {
    const resources = collectResources({
      './locales/de.json': { meta: { name: 'Deutsch' }, note: 'x', list: ['a'] },
    });
    expect(resources).toEqual({ de: { meta: { name: 'Deutsch' } } });
  });
});
