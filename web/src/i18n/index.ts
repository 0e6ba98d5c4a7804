import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { pickLanguage, type Language } from './language.ts';

export { LANGUAGES, type Language } from './language.ts';

/** Where the language picked with the switch is kept (a UI preference, so this browser only). */
const STORED = 'parcours.language';

function stored(): string | null {
  try {
    return localStorage.getItem(STORED);
  } catch {
    return null;
  }
}

const preferred = typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];

// Initialised on import, synchronously (the catalogues are bundled), so that every component and test renders in a
// language from its first paint.
void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: pickLanguage(stored(), preferred),
  fallbackLng: 'en',
  supportedLngs: ['en', 'fr'],
  initAsync: false,
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
});

const syncDocument = (lng: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
};
syncDocument(i18next.language);
i18next.on('languageChanged', syncDocument);

/** Switches the interface's language and remembers the choice in this browser. */
export function setLanguage(language: Language) {
  try {
    localStorage.setItem(STORED, language);
  } catch {
    // Private mode: the choice holds for this page only.
  }
  void i18next.changeLanguage(language);
}

/** The language the interface is shown in now (for Intl formats outside React). */
export const currentLanguage = (): Language => (i18next.language === 'fr' ? 'fr' : 'en');

export const i18n = i18next;

// Components take these from here, not from react-i18next, so that importing any of them initialises i18n (unit tests too).
export { Trans, useTranslation } from 'react-i18next';
