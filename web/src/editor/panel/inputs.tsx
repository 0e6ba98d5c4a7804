import { useEffect, useId, useState } from 'react';
import { readDuration } from '@parcours/shared';
import { i18n, useTranslation } from '../../i18n/index.ts';
import { durationWords, refusalWords } from '../../i18n/durations.ts';
import { bounds, defOf, enumValues, humanKey, isDuration, isJsonValue, type ZodLike } from './zodShape.ts';

/** The leaf inputs of generated forms. */

/** A choice's value in words: the catalogue's (onCap "skip" → "Skip" / "Ne pas envoyer"), else the value spelt out. */
const valueWords = (value: string) => (i18n.exists(`formValues.value.${value}`) ? i18n.t(`formValues.value.${value}` as never) : humanKey(value));

/** The input of one scalar field: checkbox, select, number, JSON value, text or text area. */
export function ScalarInput(props: {
  id: string;
  schema: ZodLike;
  value: unknown;
  onChange: (v: unknown) => void;
  optional: boolean;
  multiline?: boolean;
  readOnly?: boolean;
  suggestions?: string[];
  /** Words for the values of a choice ("gte" → "at least"). */
  valueLabels?: Record<string, string>;
}) {
  const d = defOf(props.schema);
  const listId = useId();
  const readOnly = props.readOnly;
  if (d.type === 'boolean') {
    return <input id={props.id} type="checkbox" disabled={readOnly} checked={props.value === true} onChange={(e) => props.onChange(e.target.checked)} />;
  }
  if (d.type === 'enum' || d.type === 'literal') {
    const values = d.type === 'enum' ? enumValues(props.schema) : (d.values ?? []).map(String);
    return (
      <select id={props.id} disabled={readOnly} value={props.value === undefined ? '' : String(props.value)} onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}>
        {(props.optional || props.value === undefined) && <option value="">—</option>}
        {values.map((v) => (
          <option key={v} value={v}>
            {props.valueLabels?.[v] ?? valueWords(v)}
          </option>
        ))}
      </select>
    );
  }
  if (d.type === 'number') {
    const b = bounds(props.schema);
    return <NumberInput readOnly={readOnly} id={props.id} value={props.value} min={b.min} max={b.max} step={b.int ? 1 : 'any'} optional={props.optional} onChange={props.onChange} />;
  }
  if (isDuration(props.schema)) return <DurationInput readOnly={readOnly} id={props.id} value={props.value} onChange={props.onChange} optional={props.optional} />;
  if (d.type === 'union' && isJsonValue(props.schema)) return <JsonInput readOnly={readOnly} id={props.id} value={props.value} onChange={props.onChange} optional={props.optional} />;
  if (props.multiline) {
    return (
      <textarea
        id={props.id}
        className="code"
        rows={8}
        readOnly={readOnly}
        value={typeof props.value === 'string' ? props.value : ''}
        onChange={(e) => props.onChange(props.optional && e.target.value === '' ? undefined : e.target.value)}
      />
    );
  }
  const suggestions = props.suggestions?.filter(Boolean) ?? [];
  return (
    <>
      <input
        id={props.id}
        type="text"
        readOnly={readOnly}
        list={suggestions.length ? listId : undefined}
        value={typeof props.value === 'string' ? props.value : ''}
        onChange={(e) => props.onChange(props.optional && e.target.value === '' ? undefined : e.target.value)}
      />
      {suggestions.length > 0 && (
        <datalist id={listId}>
          {suggestions.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      )}
    </>
  );
}

/** Keeps what the person types ("-", "1.") while the stored value stays a number. */
function NumberInput(props: { id: string; value: unknown; min?: number; max?: number; step: number | 'any'; optional: boolean; onChange: (v: unknown) => void; readOnly?: boolean }) {
  const shown = typeof props.value === 'number' ? String(props.value) : '';
  const [text, setText] = useState(shown);
  useEffect(() => {
    if (Number(text) !== props.value || text === '') setText(shown);
    // Only an outside change of the value (undo, another field) resets the text.
  }, [shown]);
  return (
    <input
      id={props.id}
      type="number"
      readOnly={props.readOnly}
      min={props.min}
      max={props.max}
      step={props.step}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value === '') props.onChange(props.optional ? undefined : 0);
        else if (!Number.isNaN(Number(e.target.value))) props.onChange(Number(e.target.value));
      }}
    />
  );
}

/**
 * A duration typed as people write it ("3 days", "2 heures", "1d") and shown back in words; the value stays the
 * scenario format's "3d". Text that does not read is kept as typed, so the draft shows the problem on the node.
 */
function DurationInput(props: { id: string; value: unknown; onChange: (v: unknown) => void; optional: boolean; readOnly?: boolean }) {
  const stored = typeof props.value === 'string' ? props.value : '';
  const { t } = useTranslation();
  const shown = durationWords(stored) ?? stored;
  // What is being typed, kept while the field has the focus so that "3 d" is not rewritten under the cursor.
  const [typed, setTyped] = useState<string | null>(null);
  return (
    <input
      id={props.id}
      type="text"
      readOnly={props.readOnly}
      placeholder={t('form.durationPlaceholder')}
      value={typed ?? shown}
      onFocus={() => setTyped(shown)}
      onBlur={() => setTyped(null)}
      onChange={(e) => {
        const text = e.target.value;
        setTyped(text);
        const read = readDuration(text);
        props.onChange(read.ok ? read.duration : props.optional && text.trim() === '' ? undefined : text);
      }}
    />
  );
}

/** Why a duration field's text does not read, in words; undefined when it reads (or is empty). */
export function durationRefusal(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const read = readDuration(value);
  return read.ok ? undefined : refusalWords(read.refusal);
}

/** Text for strings; JSON for numbers, booleans, null, lists and objects (`42`, `true`, `["a","b"]`). */
export function parseJsonish(text: string): unknown {
  const t = text.trim();
  if (/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/.test(t) || /^[[{"]/.test(t)) {
    try {
      return JSON.parse(t);
    } catch {
      return text;
    }
  }
  return text;
}

export const showJsonish = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

function JsonInput(props: { id: string; value: unknown; onChange: (v: unknown) => void; optional: boolean; readOnly?: boolean }) {
  return (
    <input
      id={props.id}
      type="text"
      readOnly={props.readOnly}
      value={showJsonish(props.value)}
      onChange={(e) => props.onChange(props.optional && e.target.value === '' ? undefined : parseJsonish(e.target.value))}
    />
  );
}

/** A string field whose values are known (a template of the node's channel, another scenario). */
export function ChoiceInput(props: { id: string; value: unknown; choices: { value: string; label: string }[]; onChange: (v: unknown) => void; optional: boolean; readOnly?: boolean }) {
  const { t } = useTranslation();
  const value = typeof props.value === 'string' ? props.value : '';
  const known = props.choices.some((c) => c.value === value);
  return (
    <select id={props.id} disabled={props.readOnly} value={value} onChange={(e) => props.onChange(e.target.value === '' && props.optional ? undefined : e.target.value)}>
      <option value="">{props.choices.length ? t('form.choose') : t('form.noneYet')}</option>
      {!known && value && <option value={value}>{t('formValues.missing', { value })}</option>}
      {props.choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

/** The fallback editor for a deep structure: JSON text, applied whenever it parses. */
export function JsonArea(props: { text: string; readOnly?: boolean; onText: (t: string) => void; onValue: (v: unknown) => void }) {
  const { t } = useTranslation();
  let parseError: string | null = null;
  try {
    JSON.parse(props.text);
  } catch (e) {
    parseError = (e as Error).message;
  }
  return (
    <div className={`field${parseError ? ' field-invalid' : ''}`}>
      <textarea
        className="code"
        rows={8}
        readOnly={props.readOnly}
        value={props.text}
        aria-label={t('form.json')}
        onChange={(e) => {
          props.onText(e.target.value);
          try {
            props.onValue(JSON.parse(e.target.value));
          } catch {
            // Keep the text; the value changes once it parses.
          }
        }}
      />
      {parseError && <div className="field-error">{t('form.jsonInvalid', { reason: parseError })}</div>}
    </div>
  );
}
