import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { fr } from '../src/i18n/fr.ts';
import { pickLanguage } from '../src/i18n/language.ts';

type Tree = { [key: string]: string | Tree };

/** Every leaf of a catalogue as "a.b.c" → text. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Keys grouped by their base (plural suffix removed), each with the plural forms it has. */
function byBase(flat: Map<string, string>): Map<string, { forms: string[]; texts: string[] }> {
  const out = new Map<string, { forms: string[]; texts: string[] }>();
  for (const [key, text] of flat) {
    const form = PLURAL.exec(key)?.[1];
    const base = form ? key.slice(0, -form.length - 1) : key;
    const entry = out.get(base) ?? { forms: [], texts: [] };
    if (form) entry.forms.push(form);
    entry.texts.push(text);
    out.set(base, entry);
  }
  return out;
}

/** The {{variables}} and <tags> a text needs from the code. */
const variables = (text: string) => [...new Set([...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}|<\/?(\w+)\s*\/?>/g)].map((m) => m[1] ?? `<${m[2]}>`))].sort();

const english = byBase(flatten(en as unknown as Tree));
const french = byBase(flatten(fr as unknown as Tree));

describe('the French catalogue', () => {
  it('has exactly the English keys', () => {
    expect([...french.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('has every plural form each language needs (French: one for 0 and 1, many, other)', () => {
    const categories = (lang: string) => [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
    for (const [base, { forms }] of english) {
      if (forms.length === 0) continue;
      expect({ base, forms: forms.sort() }).toEqual({ base, forms: categories('en') });
      expect({ base, forms: french.get(base)!.forms.sort() }).toEqual({ base, forms: categories('fr') });
    }
    expect(new Intl.PluralRules('fr').select(0)).toBe('one');
  });

  it('uses the same interpolation variables and tags as the English text, key by key', () => {
    for (const [base, { texts }] of english) {
      const wanted = [...new Set(texts.flatMap(variables))].sort();
      const found = [...new Set(french.get(base)!.texts.flatMap(variables))].sort();
      expect({ base, variables: found }).toEqual({ base, variables: wanted });
    }
  });

  it('follows French typography: a no-break space before : ; ! ? % and inside « », no straight double quotes', () => {
    for (const [key, text] of flatten(fr as unknown as Tree)) {
      expect({ key, text, plainSpaceBefore: / [:;!?%»]/.test(text) || /« /.test(text) }).toEqual({ key, text, plainSpaceBefore: false });
      // JSON examples keep their own quotes.
      if (!key.endsWith('Hint.value') && !key.endsWith('hint.value')) expect({ key, text, straightQuotes: /"/.test(text) }).toEqual({ key, text, straightQuotes: false });
    }
  });
});

describe('the language picked', () => {
  it('is French for a French browser, whatever the region, and English for any other', () => {
    expect(pickLanguage(null, ['fr'])).toBe('fr');
    expect(pickLanguage(null, ['fr-FR', 'en-US'])).toBe('fr');
    expect(pickLanguage(null, ['fr-CA'])).toBe('fr');
    expect(pickLanguage(null, ['en-US', 'fr-FR'])).toBe('en');
    expect(pickLanguage(null, ['de-DE'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
  });

  it('is the one picked with the switch, when there is one', () => {
    expect(pickLanguage('en', ['fr-FR'])).toBe('en');
    expect(pickLanguage('fr', ['en-US'])).toBe('fr');
    expect(pickLanguage('klingon', ['fr-FR'])).toBe('fr');
  });
});
