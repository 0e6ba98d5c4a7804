import { ROLES, type Role } from '@parcours/shared';
import { useTranslation } from '../i18n/index.ts';

/** The email of a person to add and the role they get, with what that role may do (creating a user, inviting one). */
export function EmailRoleFields(props: { idPrefix: string; email: string; role: Role; onEmail: (email: string) => void; onRole: (role: Role) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor={`${props.idPrefix}-email`}>{t('people.users.email')}</label>
        <input id={`${props.idPrefix}-email`} type="email" autoComplete="off" value={props.email} onChange={(e) => props.onEmail(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${props.idPrefix}-role`}>{t('people.users.role')}</label>
        <select id={`${props.idPrefix}-role`} value={props.role} onChange={(e) => props.onRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`people.role.${r}`)}
            </option>
          ))}
        </select>
        <p className="hint muted">{t(`people.roleHint.${props.role}`)}</p>
      </div>
    </>
  );
}
