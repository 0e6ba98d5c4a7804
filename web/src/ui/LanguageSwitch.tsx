import { useTranslation } from '../i18n/index.ts';
import { LANGUAGES, setLanguage, type Language } from '../i18n/index.ts';

/** EN / FR: the interface's language, remembered in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language: Language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className={i18n.language === language ? 'active' : ''}
          aria-pressed={i18n.language === language}
          title={t(`language.${language}`)}
          onClick={() => setLanguage(language)}
        >
          {language.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
