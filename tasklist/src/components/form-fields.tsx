import { useState } from 'preact/hooks';
import { getJson, SessionEndedError, uploadFile } from '../api.js';
import { useI18n, type Language } from '../i18n/index.js';
import type { FormField, OrgUser, Profile } from '../types.js';
import { useLoader } from '../use-loader.js';

export type FieldValue = string | number | boolean | string[];
export type FieldValues = Record<string, FieldValue>;

interface Choice {
  value: string;
  label: string;
}

export function fieldLabel(field: FormField, language: Language): string {
  return field.label?.[language] ?? field.label?.vi ?? field.name;
}

function isEmpty(value: FieldValue | undefined): boolean {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Returns the label of the first required field without a value, or undefined. */
export function missingField(fields: FormField[], values: FieldValues): string | undefined {
  const missing = fields.find(
    (field) => field.required && field.type !== 'boolean' && isEmpty(values[field.name]),
  );
  return missing ? (missing.label?.vi ?? missing.name) : undefined;
}

function optionChoices(field: FormField, language: Language): Choice[] {
  return (field.options ?? []).map((option) => {
    if (typeof option === 'string') return { value: option, label: option };
    const label = typeof option.label === 'string' ? option.label : option.label?.[language];
    return { value: option.value, label: label ?? option.value };
  });
}

/** Loads users or units of the caller's agency for fields that pick one. */
function useOrgChoices(fields: FormField[], profile: Profile) {
  const needsUsers = fields.some((field) => field.type === 'user');
  const needsUnits = fields.some((field) => field.type === 'unit' || field.type === 'units');
  const organ = encodeURIComponent(profile.organId);
  const users = useLoader(
    async () => (needsUsers ? getJson<OrgUser[]>(`/api/org/users?organId=${organ}`) : []),
    [needsUsers, organ],
  );
  const units = useLoader(
    async () =>
      needsUnits ? getJson<{ id: string; name: string }[]>(`/api/org/units?organId=${organ}`) : [],
    [needsUnits, organ],
  );
  return {
    user: (users.data ?? []).map((user) => ({ value: user.id, label: user.fullName })),
    unit: (units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name })),
  };
}

/** Inputs for the fields of a task's form other than the comment. */
export function FormFields(props: {
  fields: FormField[];
  values: FieldValues;
  onChange: (values: FieldValues) => void;
  profile: Profile;
}) {
  const { language } = useI18n();
  const choices = useOrgChoices(props.fields, props.profile);
  const set = (name: string, value: FieldValue) =>
    props.onChange({ ...props.values, [name]: value });
  return (
    <>
      {props.fields.map((field) => {
        const label = fieldLabel(field, language);
        const value = props.values[field.name];
        if (field.type === 'boolean') {
          return (
            <label key={field.name} class="check">
              <input
                type="checkbox"
                name={field.name}
                checked={value === true}
                onChange={(event) => set(field.name, event.currentTarget.checked)}
              />
              <span>{label}</span>
            </label>
          );
        }
        if (field.type === 'units') {
          return (
            <MultiChoice
              key={field.name}
              label={label}
              choices={choices.unit}
              value={Array.isArray(value) ? value : []}
              onChange={(next) => set(field.name, next)}
            />
          );
        }
        const list =
          field.type === 'user'
            ? choices.user
            : field.type === 'unit'
              ? choices.unit
              : optionChoices(field, language);
        return (
          <label key={field.name} class="field">
            <span>
              {label}
              {field.required ? ' *' : ''}
            </span>
            {list.length > 0 || field.type === 'user' || field.type === 'unit' ? (
              <select
                name={field.name}
                value={typeof value === 'string' ? value : ''}
                onChange={(event) => set(field.name, event.currentTarget.value)}
              >
                <option value="" />
                {list.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </select>
            ) : (
              <SingleInput field={field} value={value} onChange={(next) => set(field.name, next)} />
            )}
          </label>
        );
      })}
    </>
  );
}

/** `YYYY-MM-DDTHH:mm` in the browser's time zone, the value format of datetime-local inputs. */
function localDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function SingleInput(props: {
  field: FormField;
  value: FieldValue | undefined;
  onChange: (value: FieldValue) => void;
}) {
  const { field } = props;
  const text = props.value === undefined ? '' : String(props.value);
  if (field.type === 'file') return <FileInput field={field} onChange={props.onChange} />;
  if (field.type === 'datetime') {
    // The service expects an ISO 8601 instant, so the local time is converted with its offset.
    return (
      <input
        type="datetime-local"
        name={field.name}
        value={text ? localDateTime(text) : ''}
        onInput={(event) => {
          const raw = event.currentTarget.value;
          props.onChange(raw ? new Date(raw).toISOString() : '');
        }}
      />
    );
  }
  return (
    <textarea
      name={field.name}
      rows={2}
      value={text}
      onInput={(event) => props.onChange(event.currentTarget.value)}
    />
  );
}

/** Uploads the chosen PDF at once and keeps its file id as the field's value. */
function FileInput(props: { field: FormField; onChange: (value: FieldValue) => void }) {
  const { t } = useI18n();
  const [state, setState] = useState<string | undefined>(undefined);
  const upload = async (file: File | undefined) => {
    props.onChange('');
    if (!file) return;
    setState(t('loading'));
    try {
      props.onChange((await uploadFile(file)).id);
      setState(undefined);
    } catch (error) {
      if (!(error instanceof SessionEndedError)) setState((error as Error).message);
    }
  };
  return (
    <>
      <input
        type="file"
        name={props.field.name}
        accept="application/pdf"
        onChange={(event) => void upload(event.currentTarget.files?.[0])}
      />
      {state && <span class="field-state">{state}</span>}
    </>
  );
}

function MultiChoice(props: {
  label: string;
  choices: Choice[];
  value: string[];
  onChange: (value: string[]) => void;
}) {
  return (
    <fieldset class="field multi">
      <legend>{props.label}</legend>
      {props.choices.map((choice) => (
        <label key={choice.value} class="check">
          <input
            type="checkbox"
            checked={props.value.includes(choice.value)}
            onChange={(event) =>
              props.onChange(
                event.currentTarget.checked
                  ? [...props.value, choice.value]
                  : props.value.filter((item) => item !== choice.value),
              )
            }
          />
          <span>{choice.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
