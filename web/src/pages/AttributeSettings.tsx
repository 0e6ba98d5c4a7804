import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ATTRIBUTE_TYPES, type AttributeType } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';

/**
 * The attribute catalogue templates are checked against at publish: the attributes seen on contacts, with how many
 * have each, and the attributes declared here with a type, which templates may use before any contact has them.
 */
export function AttributeSettings() {
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
      <h2 id="attributes-title">Attributes</h2>
      <p className="muted">
        Templates may use these as {'{{ contact.name }}'}. A variable naming none of them blocks publishing; one that some contacts lack gives a warning.
      </p>
      <form className="card inline-form" onSubmit={submit}>
        <label htmlFor="attribute-name">Declare an attribute</label>
        <input id="attribute-name" placeholder="e.g. loyaltyTier" value={name} onChange={(e) => setName(e.target.value)} />
        <select aria-label="Type" value={type} onChange={(e) => setType(e.target.value as AttributeType)}>
          {ATTRIBUTE_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={!name.trim() || save.isPending}>
          Declare
        </button>
      </form>
      {save.error && <div className="callout error">{describeError(save.error)}</div>}
      {catalogue.error && <div className="callout error">{describeError(catalogue.error)}</div>}
      {catalogue.data && (
        <table className="table" data-testid="attribute-catalogue">
          <thead>
            <tr>
              <th>Attribute</th>
              <th>Type</th>
              <th>Contacts that have it</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {catalogue.data.attributes.map((a) => (
              <tr key={a.name}>
                <td>
                  <code>{a.name}</code>
                </td>
                <td>{a.type ?? <span className="muted">seen on contacts</span>}</td>
                <td>{`${a.contacts} of ${total}`}</td>
                <td className="actions">
                  {a.type && (
                    <button type="button" className="link danger" onClick={() => save.mutate(list.filter((d) => d.name !== a.name))}>
                      Remove
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
