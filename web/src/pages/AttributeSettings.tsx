import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ATTRIBUTE_TYPES, type AttributeType } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { useTranslation } from '../i18n/index.ts';
import { formatNumber } from '../ui/format.ts';

/**
 * The attribute catalogue templates are checked against at publish: the attributes seen on contacts, with how many
 * have each, and the attributes declared here with a type, which templates may use before any contact has them.
 */
export function AttributeSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const catalogue = useQuery({ queryKey: ['attributes'], queryFn: api.attributes });
  const declared = useQuery({ queryKey: ['settings', 'attributes'], queryFn: api.declaredAttributes });
  const [name, setName] = useState('');
  const [type, setType] = useState<AttributeType>('text');
  const save = useMutation({
    mutationFn: (attributes: Array<{ name: string; type: AttributeType }>) => api.saveDeclaredAttributes({ attributes }),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['attributes'] });
      void queryClient.invalidateQueries({ queryKey: ['settings', 'attributes'] });
    },
  });
  const list = declared.data?.attributes ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) save.mutate([...list.filter((a) => a.name !== name.trim()), { name: name.trim(), type }]);
  };
  const total = catalogue.data?.contacts ?? 0;
  return (
    <section className="settings-section" aria-labelledby="attributes-title">
      <h2 id="attributes-title">{t('attributes.title')}</h2>
      <p className="muted">{t('attributes.intro', { example: '{{ contact.name }}' })}</p>
      <form className="card inline-form" onSubmit={submit}>
        <label htmlFor="attribute-name">{t('attributes.declare')}</label>
        <input id="attribute-name" placeholder={t('attributes.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} />
        <select aria-label={t('attributes.type')} value={type} onChange={(e) => setType(e.target.value as AttributeType)}>
          {ATTRIBUTE_TYPES.map((attributeType) => (
            <option key={attributeType} value={attributeType}>
              {t(`attributes.types.${attributeType}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={!name.trim() || save.isPending}>
          {t('attributes.submit')}
        </button>
      </form>
      {save.error && <div className="callout error">{describeError(save.error)}</div>}
      {catalogue.error && <div className="callout error">{describeError(catalogue.error)}</div>}
      {catalogue.data && (
        <table className="table" data-testid="attribute-catalogue">
          <thead>
            <tr>
              <th>{t('attributes.column.attribute')}</th>
              <th>{t('attributes.column.type')}</th>
              <th>{t('attributes.column.contacts')}</th>
              <th aria-label={t('common.actions')} />
            </tr>
          </thead>
          <tbody>
            {catalogue.data.attributes.map((a) => (
              <tr key={a.name}>
                <td>
                  <code>{a.name}</code>
                </td>
                <td>{a.type ? t(`attributes.types.${a.type}`) : <span className="muted">{t('attributes.seen')}</span>}</td>
                <td>{t('attributes.share', { contacts: formatNumber(a.contacts), total: formatNumber(total) })}</td>
                <td className="actions">
                  {a.type && (
                    <button type="button" className="link danger" onClick={() => save.mutate(list.filter((d) => d.name !== a.name))}>
                      {t('common.remove')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
