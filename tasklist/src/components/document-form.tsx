import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, SessionEndedError, uploadFile } from '../api.js';
import { useI18n, type Translate } from '../i18n/index.js';
import type { Profile } from '../types.js';
import { DOCUMENT_TYPES, secrecyChoices, URGENCY_CHOICES } from '../vocabulary.js';

/** A message for the form, and the request field it names when the service named one. */
export interface FormProblem {
  message: string;
  field?: string;
}

/**
 * Turns a failed request into a form problem: the service's problem detail with its `field`, or
 * the network message. Returns undefined for an ended session, which shows the login form.
 */
export function formProblemOf(error: unknown, t: Translate): FormProblem | undefined {
  if (error instanceof SessionEndedError) return undefined;
  if (error instanceof ApiError) {
    const field = error.problem.field;
    return { message: error.message, ...(typeof field === 'string' ? { field } : {}) };
  }
  return { message: t('networkError') };
}

/**
 * Holds a form's problem and busy flag. `submit` shows the problem found before sending, or runs
 * `send` and shows the service's problem when it fails.
 */
export function useSubmission(t: Translate) {
  const [problem, setProblem] = useState<FormProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (invalid: FormProblem | undefined, send: () => Promise<void>) => {
    setProblem(invalid);
    if (invalid) return;
    setBusy(true);
    try {
      await send();
    } catch (error) {
      setProblem(formProblemOf(error, t));
    } finally {
      setBusy(false);
    }
  };
  return { problem, busy, submit };
}

/** Renders a labelled input, with the problem below it when the problem names `name`. */
export function Field(props: {
  name: string;
  label: string;
  required?: boolean;
  problem?: FormProblem | undefined;
  children: ComponentChildren;
}) {
  const invalid = props.problem?.field === props.name;
  return (
    <label class={invalid ? 'field invalid' : 'field'} data-field={props.name}>
      <span>
        {props.label}
        {props.required ? ' *' : ''}
      </span>
      {props.children}
      {invalid && (
        <span class="field-error" data-testid={`error-${props.name}`}>
          {props.problem!.message}
        </span>
      )}
    </label>
  );
}

/** Renders the form-wide problem above the submit button. */
export function FormAlert(props: { problem: FormProblem | undefined }) {
  if (!props.problem) return null;
  return (
    <p class="error" role="alert" data-testid="form-error">
      {props.problem.message}
    </p>
  );
}

/** The file of the form once the file store has it. */
export interface UploadedFile {
  id: string;
  name: string;
  /** The chosen file itself, for checks that need its bytes. */
  content: File;
}

/**
 * Uploads the chosen file to POST /api/files at once. The file store rejects a file declared as a
 * PDF without a PDF header, and the service checks that the file is a PDF when the document is
 * created, so a wrong file shows the service's message at `fileId`.
 */
export function PdfUpload(props: {
  problem: FormProblem | undefined;
  onChange: (file: UploadedFile | undefined) => void;
}) {
  const { t } = useI18n();
  const [state, setState] = useState<string | undefined>(undefined);
  const [rejected, setRejected] = useState<FormProblem | undefined>(undefined);
  const upload = async (file: File | undefined) => {
    props.onChange(undefined);
    setRejected(undefined);
    setState(file ? t('uploading') : undefined);
    if (!file) return;
    try {
      const stored = await uploadFile(file);
      props.onChange({ id: stored.id, name: file.name, content: file });
      setState(t('uploaded', { name: file.name }));
    } catch (error) {
      const problem = formProblemOf(error, t);
      setState(undefined);
      if (problem) setRejected({ field: 'fileId', message: problem.message });
    }
  };
  return (
    <Field name="fileId" label={t('pdfFile')} required problem={rejected ?? props.problem}>
      <input
        type="file"
        name="file"
        accept="application/pdf,.pdf"
        onChange={(event) => void upload(event.currentTarget.files?.[0])}
      />
      {state && (
        <span class="field-state" data-testid="upload-state">
          {state}
        </span>
      )}
    </Field>
  );
}

/** The metadata that outgoing drafts and incoming documents share. */
export interface CommonMetadata {
  typeCode: string;
  subject: string;
  priority: number;
  secrecy: string;
}

export const emptyMetadata: CommonMetadata = {
  typeCode: 'CV',
  subject: '',
  priority: 0,
  secrecy: 'none',
};

/** Renders the type, subject, urgency and secrecy inputs. Secrecy stops at the user's clearance. */
export function MetadataFields<T extends CommonMetadata>(props: {
  value: T;
  profile: Profile;
  problem: FormProblem | undefined;
  onChange: (value: T) => void;
}) {
  const { t } = useI18n();
  const set = (patch: Partial<CommonMetadata>) => props.onChange({ ...props.value, ...patch });
  return (
    <>
      <Field name="typeCode" label={t('documentType')} required problem={props.problem}>
        <select
          name="typeCode"
          value={props.value.typeCode}
          onChange={(event) => set({ typeCode: event.currentTarget.value })}
        >
          {DOCUMENT_TYPES.map((type) => (
            <option key={type.code} value={type.code}>
              {type.name} ({type.code})
            </option>
          ))}
        </select>
      </Field>
      <Field name="subject" label={t('subject')} required problem={props.problem}>
        <textarea
          name="subject"
          rows={3}
          value={props.value.subject}
          onInput={(event) => set({ subject: event.currentTarget.value })}
        />
      </Field>
      <div class="form-row">
        <Field name="priority" label={t('filterUrgency')} problem={props.problem}>
          <select
            name="priority"
            value={String(props.value.priority)}
            onChange={(event) => set({ priority: Number(event.currentTarget.value) })}
          >
            {URGENCY_CHOICES.map((choice) => (
              <option key={choice.value} value={String(choice.value)}>
                {t(choice.label)}
              </option>
            ))}
          </select>
        </Field>
        <Field name="secrecy" label={t('secrecy')} problem={props.problem}>
          <select
            name="secrecy"
            value={props.value.secrecy}
            onChange={(event) => set({ secrecy: event.currentTarget.value })}
          >
            {secrecyChoices(props.profile.clearance).map((level) => (
              <option key={level.value} value={level.value}>
                {t(level.label)}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </>
  );
}

/** Returns the request body fields of the shared metadata, with the subject trimmed. */
export function metadataBody(value: CommonMetadata): Record<string, unknown> {
  return {
    typeCode: value.typeCode,
    subject: value.subject.trim(),
    priority: value.priority,
    secrecy: value.secrecy,
  };
}
