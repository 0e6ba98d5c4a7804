import { useTranslation } from '../i18n/index.ts';

/** A new password typed twice; `mismatch` tells the form not to send it. */
export function PasswordFields(props: { value: string; repeat: string; onChange: (value: string) => void; onRepeat: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor="new-password">{t('people.password.new')}</label>
        <input id="new-password" type="password" autoComplete="new-password" minLength={12} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
        <p className="hint muted">{t('people.password.hint')}</p>
      </div>
      <div className="field">
        <label htmlFor="repeat-password">{t('people.password.repeat')}</label>
        <input id="repeat-password" type="password" autoComplete="new-password" value={props.repeat} onChange={(e) => props.onRepeat(e.target.value)} />
      </div>
      {props.repeat !== '' && props.repeat !== props.value && <div className="callout error">{t('people.password.mismatch')}</div>}
    </>
  );
}

export const passwordReady = (value: string, repeat: string) => value.length >= 12 && value === repeat;
