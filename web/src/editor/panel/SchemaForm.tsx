import { fieldMeta } from '@parcours/shared';
import { createContext, useContext, useId, useState, type ReactNode } from 'react';
import { freshId } from '../graph.ts';
import { operatorWords } from '../vocabulary.ts';
import { i18n, useTranslation } from '../../i18n/index.ts';
import { ChoiceInput, durationRefusal, JsonArea, parseJsonish, ScalarInput, showJsonish } from './inputs.tsx';
import {
  bounds,
  defOf,
  emptyValue,
  enumValues,
  formatHint,
  humanKey,
  isJsonValue,
  isDuration,
  isStringUnion,
  matchOption,
  unwrap,
  type ZodLike,
} from './zodShape.ts';

/** Extra knowledge a generated form can use: e.g. the scenario's templates for a "template" field. */
export interface FormContext {
  /** Choices for a string field, by field name ("template" → the templates of the node's channel). */
  choices?: Record<string, { value: string; label: string }[]>;
  /** Values to suggest (not impose) for a text field, by field name: event names used elsewhere in the journey. */
  suggestions?: Record<string, string[]>;
  /** Field errors keyed by dot path inside the form's value ("variants.1.percent"). */
  errors: Map<string, string[]>;
  readOnly?: boolean;
  /** Fields not shown (e.g. a template's id and channel, fixed once created). */
  hidden?: string[];
  /** String fields edited in a text area (an email's HTML). */
  multiline?: string[];
  /** Labels by field name where this form names a field its own way (an SMS template's "text" is its "Message"). */
  labels?: Record<string, string>;
}

const Ctx = createContext<FormContext>({ errors: new Map() });

/** Words for the values of a choice field, by field name. */
const VALUE_LABELS: Record<string, () => Record<string, string>> = { op: operatorWords };

/** "When a frequency cap applies" → "whenAFrequencyCapApplies": the catalogue key of a schema's title. */
const keyOf = (title: string) => title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toLowerCase());

/** Catalogue words when there are some, else the English ones (a field the catalogue does not name yet). */
const known = (key: string, english: string) => (i18n.exists(key) ? i18n.t(key as never) : english);

/**
 * A field's label in the interface's language: the catalogue's words for its schema's title (shared/ declares them,
 * in English, for the JSON Schema), else for its name, else the name in words.
 */
const labelOf = (name: string, schema?: ZodLike) => {
  const title = schema && fieldMeta(schema).title;
  return title ? known(`form.label.${keyOf(title)}`, title) : known(`form.label.${name}`, humanKey(name));
};

/**
 * What a field means: its schema's metadata (the node definitions' `.meta`), else the catalogue's hint for its name;
 * a duration says how to type one; other formats come from the schema (formatHint).
 */
function hintOf(name: string, schema: ZodLike, inner: ZodLike): string | undefined {
  const described = fieldMeta(schema).description;
  if (described) return known(`form.hint.${name}`, described);
  if (i18n.exists(`form.plainHint.${name}`)) return i18n.t(`form.plainHint.${name}` as never);
  return isDuration(inner) ? i18n.t('form.durationHint') : formatHint(inner);
}

/** What one item of a list is called: "filter 2", "case 1". */
const itemName = (name: string, label: string) => known(`form.itemName.${name}`, label.replace(/s$/, '').toLowerCase());

/** The form of one zod object schema. */
export function SchemaForm(props: { schema: ZodLike; value: unknown; onChange: (v: unknown) => void; context: FormContext; label?: string }) {
  return (
    <Ctx.Provider value={props.context}>
      <div className="schema-form">
        <Field schema={props.schema} value={props.value} onChange={props.onChange} path="" name="" label={props.label} />
      </div>
    </Ctx.Provider>
  );
}

interface FieldProps {
  schema: ZodLike;
  value: unknown;
  onChange: (v: unknown) => void;
  path: string;
  /** The key in its parent object ("" for the root or an array item). */
  name: string;
  label?: string;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

function Field(props: FieldProps): ReactNode {
  const { schema: s, optional } = unwrap(props.schema);
  const d = defOf(s);
  const ctx = useContext(Ctx);
  const choices = ctx.choices?.[props.name];
  if (props.name && ctx.hidden?.includes(props.name)) return null;
  // A fixed value (a union's discriminator) is chosen with the union's kind selector, not edited.
  if (d.type === 'literal' && (d.values?.length ?? 0) === 1) return null;
  if (d.type === 'object') return <ObjectFields {...props} schema={s} optional={optional} />;
  if (d.type === 'array') return <ArrayField {...props} schema={s} optional={optional} />;
  if (d.type === 'record') return <RecordField {...props} schema={s} />;
  // The label comes from the field as declared: an optional field's title sits on its optional wrapper.
  if (d.type === 'union' && !isJsonValue(s) && !isStringUnion(s)) return <UnionField {...props} label={props.label ?? labelOf(props.name, props.schema)} schema={s} optional={optional} />;
  const duration = isDuration(s);
  return (
    <Labelled
      path={props.path}
      label={props.label ?? ctx.labels?.[props.name] ?? labelOf(props.name, props.schema)}
      hint={hintOf(props.name, props.schema, s)}
      refusal={duration ? durationRefusal(props.value) : undefined}
      optional={optional}
      inline={d.type === 'boolean'}
    >
      {(id) =>
        choices ? (
          <ChoiceInput id={id} value={props.value} choices={choices} onChange={props.onChange} optional={optional} readOnly={ctx.readOnly} />
        ) : (
          <ScalarInput id={id} schema={s} value={props.value} onChange={props.onChange} optional={optional} multiline={ctx.multiline?.includes(props.name)} readOnly={ctx.readOnly} suggestions={ctx.suggestions?.[props.name]} valueLabels={VALUE_LABELS[props.name]?.()} />
        )
      }
    </Labelled>
  );
}

/**
 * A field: label, input, then its error (or a hint). A checkbox sits before its label, on one line. A refusal
 * (a duration that does not read) says in words what the schema's error says in its own terms.
 */
function Labelled(props: { path: string; label: string; hint?: string; refusal?: string; optional?: boolean; inline?: boolean; children: (id: string) => ReactNode }) {
  const id = useId();
  const checked = useContext(Ctx).errors.get(props.path);
  const errors = props.refusal ? [props.refusal] : checked;
  return (
    <div className={`field${errors ? ' field-invalid' : ''}${props.inline ? ' field-inline' : ''}`} data-path={props.path}>
      <label htmlFor={id}>
        {props.label}
        {props.optional && !props.inline && <span className="optional"> {i18n.t('form.optional')}</span>}
      </label>
      {props.children(id)}
      {errors ? (
        <div className="field-error" role="alert">
          {errors.join('; ')}
        </div>
      ) : (
        props.hint && <div className="field-hint">{props.hint}</div>
      )}
    </div>
  );
}

function ObjectFields(props: FieldProps & { optional: boolean }) {
  const { t } = useTranslation();
  const shape = defOf(props.schema).shape ?? {};
  const readOnly = useContext(Ctx).readOnly;
  const value = (props.value && typeof props.value === 'object' ? props.value : undefined) as Record<string, unknown> | undefined;
  if (!value) {
    if (!props.optional) return null;
    return (
      <div className="field">
        <button type="button" className="link" disabled={readOnly} onClick={() => props.onChange(emptyValue(props.schema))}>
          + {props.label ?? labelOf(props.name, props.schema)}
        </button>
      </div>
    );
  }
  const set = (key: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined) delete next[key];
    else next[key] = v;
    props.onChange(next);
  };
  const body = Object.entries(shape).map(([key, fieldSchema]) => (
    <Field key={key} schema={fieldSchema} name={key} value={value[key]} onChange={(v) => set(key, v)} path={join(props.path, key)} />
  ));
  if (!props.name) return <>{body}</>;
  return (
    <fieldset className="group">
      <legend>
        {props.label ?? labelOf(props.name, props.schema)}
        {props.optional && !readOnly && (
          <button type="button" className="link remove" onClick={() => props.onChange(undefined)} aria-label={t('form.removeNamed', { name: labelOf(props.name) })}>
            {t('form.remove')}
          </button>
        )}
      </legend>
      {body}
    </fieldset>
  );
}

function ArrayField(props: FieldProps & { optional: boolean }) {
  const { t } = useTranslation();
  const element = defOf(props.schema).element!;
  const readOnly = useContext(Ctx).readOnly;
  const errors = useContext(Ctx).errors.get(props.path);
  const items = Array.isArray(props.value) ? props.value : [];
  const label = props.label ?? labelOf(props.name, props.schema);
  const inner = unwrap(element).schema;
  if (defOf(inner).type === 'enum') {
    // A set of choices (weekdays): toggles.
    const all = enumValues(inner);
    return (
      <div className={`field${errors ? ' field-invalid' : ''}`} data-path={props.path}>
        <span className="label">{label}</span>
        <div className="toggles" role="group" aria-label={label}>
          {all.map((v) => (
            <label key={v} className={`toggle${items.includes(v) ? ' on' : ''}`}>
              <input
                type="checkbox"
                disabled={readOnly}
                checked={items.includes(v)}
                onChange={(e) => props.onChange(e.target.checked ? all.filter((x) => x === v || items.includes(x)) : items.filter((x) => x !== v))}
              />
              {known(`form.weekday.${v}`, humanKey(v))}
            </label>
          ))}
        </div>
        {errors && <div className="field-error" role="alert">{errors.join('; ')}</div>}
      </div>
    );
  }
  const min = bounds(props.schema).min ?? 0;
  const setItem = (i: number, v: unknown) => props.onChange(items.map((x, j) => (j === i ? v : x)));
  const remove = (i: number) => {
    const next = items.filter((_, j) => j !== i);
    props.onChange(next.length === 0 && props.optional ? undefined : next);
  };
  const singular = itemName(props.name, label);
  return (
    <fieldset className={`group list${errors ? ' field-invalid' : ''}`} data-path={props.path}>
      <legend>{label}</legend>
      {items.map((item, i) => (
        <div className="list-item" key={i}>
          <div className="list-item-head">
            <span>{t('form.numbered', { item: humanKey(singular), position: i + 1 })}</span>
            {!readOnly && items.length > min && (
              <button type="button" className="link remove" onClick={() => remove(i)} aria-label={t('form.removeItem', { item: singular, position: i + 1 })}>
                {t('form.remove')}
              </button>
            )}
          </div>
          <Field schema={element} value={item} onChange={(v) => setItem(i, v)} path={join(props.path, i)} name="" label={isObjectLike(element) ? '' : t('form.numbered', { item: humanKey(singular), position: i + 1 })} />
        </div>
      ))}
      {errors && <div className="field-error" role="alert">{errors.join('; ')}</div>}
      {!readOnly && (
        <button type="button" className="link" onClick={() => props.onChange([...items, newItem(element, items, props.name.replace(/s$/, ''))])}>
          {t('form.add', { item: singular })}
        </button>
      )}
    </fieldset>
  );
}

function RecordField(props: FieldProps) {
  const { t } = useTranslation();
  const readOnly = useContext(Ctx).readOnly;
  const json = isJsonValue(unwrap(defOf(props.schema).valueType!).schema);
  const entries = Object.entries((props.value ?? {}) as Record<string, unknown>);
  const write = (next: [string, unknown][]) => props.onChange(next.length ? Object.fromEntries(next) : {});
  const label = props.label ?? labelOf(props.name, props.schema);
  return (
    <fieldset className="group" data-path={props.path}>
      <legend>{label}</legend>
      {entries.map(([k, v], i) => (
        <div className="kv" key={i}>
           <input aria-label={t('form.entryName', { field: label, position: i + 1 })} readOnly={readOnly} value={k} onChange={(e) => write(entries.map((x, j) => (j === i ? [e.target.value, x[1]] : x)))} />
          <input
            aria-label={t('form.entryValue', { field: label, position: i + 1 })}
            readOnly={readOnly}
            value={json ? showJsonish(v) : String(v ?? '')}
            onChange={(e) => write(entries.map((x, j) => (j === i ? [x[0], json ? parseJsonish(e.target.value) : e.target.value] : x)))}
          />
          {!readOnly && (
            <button type="button" className="link remove" aria-label={t('form.removeNamed', { name: k })} onClick={() => write(entries.filter((_, j) => j !== i))}>
              ×
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <button type="button" className="link" onClick={() => write([...entries, [`name${entries.length + 1}`, '']])}>
          {t('form.addEntry')}
        </button>
      )}
    </fieldset>
  );
}

/**
 * A new list item; one with an `id` (a split arm, a switch case) gets a fresh one, so its output exists at once. Ids
 * stay English ("case-2", "variant-3") whatever the interface's language: they are the scenario's, not the screen's.
 */
function newItem(element: ZodLike, siblings: unknown[], singular: string): unknown {
  const item = emptyValue(element);
  if (item && typeof item === 'object' && (item as { id?: unknown }).id === '') {
    const taken = new Set(siblings.map((s) => (s as { id?: unknown })?.id).filter((id): id is string => typeof id === 'string'));
    return { ...item, id: freshId(singular.replace(/[^a-z0-9]+/g, '-') || 'item', taken) };
  }
  return item;
}

/** Objects and unions of objects draw their own fields under the list item's heading. */
function isObjectLike(schema: ZodLike): boolean {
  const d = defOf(unwrap(schema).schema);
  return d.type === 'object' || (d.type === 'union' && !isJsonValue(unwrap(schema).schema) && !isStringUnion(unwrap(schema).schema));
}


/** An option's name: its literal discriminator ("email"), else its first key the other options lack. */
function optionLabel(option: ZodLike, all: ZodLike[]): string {
  const shape = defOf(option).shape ?? {};
  for (const s of Object.values(shape)) {
    const d = defOf(unwrap(s).schema);
    if (d.type === 'literal') return known(`form.option.${String(d.values?.[0])}`, humanKey(String(d.values?.[0])));
  }
  const others = all.filter((o) => o !== option).map((o) => defOf(o).shape ?? {});
  const key = Object.keys(shape).find((k) => others.every((o) => !(k in o))) ?? Object.keys(shape)[0] ?? '?';
  if (key === 'event') return 'within' in shape ? i18n.t('form.option.eventHistory') : i18n.t('form.option.event');
  return known(`form.option.${key}`, humanKey(key));
}

/** A union of object shapes (a condition, a re-entry policy, a template): pick the kind, then its fields. */
function UnionField(props: FieldProps & { optional: boolean }) {
  const { t } = useTranslation();
  const options = defOf(props.schema).options ?? [];
  const readOnly = useContext(Ctx).readOnly;
  const errors = useContext(Ctx).errors.get(props.path);
  const id = useId();
  const current = matchOption(options, props.value);
  const [raw, setRaw] = useState<string | null>(null);
  const label = props.label ?? labelOf(props.name, props.schema);
  return (
    <fieldset className={`group union${errors ? ' field-invalid' : ''}`} data-path={props.path}>
      <legend>
        {label && <label htmlFor={id}>{label}</label>}
        <select
          id={id}
          aria-label={label ? undefined : t('form.kind')}
          className="kind"
          disabled={readOnly}
          value={raw !== null ? 'json' : String(current)}
          onChange={(e) => {
            if (e.target.value === 'json') return setRaw(JSON.stringify(props.value ?? null, null, 2));
            setRaw(null);
            // An optional union (a goal's condition) can be taken away again.
            if (e.target.value === '-1') return props.onChange(undefined);
            props.onChange(emptyValue(options[Number(e.target.value)]));
          }}
        >
          {(current < 0 || props.optional) && <option value="-1">{props.optional ? t('form.none') : t('form.choose')}</option>}
          {options.map((o, i) => (
            <option key={i} value={i}>
              {optionLabel(o, options)}
            </option>
          ))}
          <option value="json">JSON…</option>
        </select>
      </legend>
      {errors && <div className="field-error" role="alert">{errors.join('; ')}</div>}
      {raw !== null ? (
        <JsonArea text={raw} readOnly={readOnly} onText={setRaw} onValue={props.onChange} />
      ) : (
        current >= 0 && <Field schema={options[current]} value={props.value} onChange={props.onChange} path={props.path} name="" />
      )}
    </fieldset>
  );
}
