import { useState } from 'preact/hooks';
import { getJson, postJson } from '../api.js';
import {
  emptyMetadata,
  Field,
  FormAlert,
  metadataBody,
  MetadataFields,
  PdfUpload,
  type CommonMetadata,
  type FormProblem,
  type UploadedFile,
  useSubmission,
} from '../components/document-form.js';
import { useI18n } from '../i18n/index.js';
import { hrefOf } from '../route.js';
import type { OrgUnit, OrgUser, Profile, TaskPage } from '../types.js';
import { useLoader } from '../use-loader.js';

interface OutgoingForm extends CommonMetadata {
  dueDate: string;
  signerId: string;
  consultUnitIds: string[];
}

/** How far a submission got, so that a retry after a failure repeats only the missing steps. */
interface Progress {
  documentId?: string;
  routed?: boolean;
}

/** Pause between two looks for the drafting task, and the number of looks. */
const DRAFTING_POLL = { delayMs: 250, attempts: 40 };

/**
 * Returns the open drafting task of `documentId` in the caller's own list, or undefined when it
 * has not appeared after the polls. The route computes its deadlines in a service task before
 * the drafting task, so POST /api/routes/outgoing can return before that task exists.
 */
async function draftingTask(documentId: string): Promise<string | undefined> {
  const query = 'scope=mine&state=open&route=outgoing-document&limit=100';
  for (let attempt = 1; attempt <= DRAFTING_POLL.attempts; attempt++) {
    const page = await getJson<TaskPage>(`/api/tasks?${query}`);
    const task = page.items.find(
      (item) => item.documentId === documentId && item.elementId === 'draft',
    );
    if (task) return task.key;
    await new Promise((resolve) => setTimeout(resolve, DRAFTING_POLL.delayMs));
  }
  return undefined;
}

/**
 * Creates the draft, starts the outgoing route with the chosen signer and consulted units, and,
 * with `submit`, completes the drafting step with the uploaded file, which sends the draft to
 * the unit leader. Returns the progress after each finished step through `onProgress`.
 */
async function createOutgoing(
  form: OutgoingForm,
  file: UploadedFile,
  profile: Profile,
  progress: Progress,
  onProgress: (progress: Progress) => void,
  submit: boolean,
): Promise<{ documentId: string; submitted: boolean }> {
  let { documentId, routed } = progress;
  if (!documentId) {
    const body = { organId: profile.organId, ...metadataBody(form), fileId: file.id };
    if (form.dueDate) Object.assign(body, { dueDate: form.dueDate });
    const created = await postJson<{ document: { id: string } }>('/api/documents/drafts', body);
    documentId = created!.document.id;
    onProgress({ documentId });
  }
  if (!routed) {
    const route = { documentId, signerId: form.signerId, consultUnitIds: form.consultUnitIds };
    await postJson('/api/routes/outgoing', route);
    routed = true;
    onProgress({ documentId, routed });
  }
  if (!submit) return { documentId, submitted: false };
  const key = await draftingTask(documentId);
  if (!key) return { documentId, submitted: false };
  await postJson(`/api/tasks/${encodeURIComponent(key)}/completion`, {
    variables: { fileId: file.id, versionNote: file.name },
  });
  return { documentId, submitted: true };
}

/** Renders the page on which a specialist drafts an outgoing document and starts its route. */
export function NewOutgoingPage(props: { profile: Profile }) {
  const { t } = useI18n();
  const [form, setForm] = useState<OutgoingForm>({
    ...emptyMetadata,
    dueDate: '',
    signerId: '',
    consultUnitIds: [],
  });
  const [file, setFile] = useState<UploadedFile | undefined>(undefined);
  const { problem, busy, submit } = useSubmission(t);
  const [progress, setProgress] = useState<Progress>({});
  const [result, setResult] = useState<{ documentId: string; submitted: boolean } | undefined>();

  if (!props.profile.roles.includes('specialist')) {
    return <p class="notice">{t('specialistsOnly')}</p>;
  }
  if (result) return <Created result={result} />;

  const missing = (): FormProblem | undefined => {
    if (!file) return { field: 'fileId', message: t('pdfRequired') };
    if (!form.subject.trim()) return { field: 'subject', message: t('subjectRequired') };
    if (!form.signerId) return { field: 'signerId', message: t('signerRequired') };
    return undefined;
  };
  const send = (toLeader: boolean) =>
    submit(missing(), async () => {
      setResult(await createOutgoing(form, file!, props.profile, progress, setProgress, toLeader));
    });

  const locked = progress.documentId !== undefined;
  return (
    <form
      class="document-form"
      data-testid="new-outgoing"
      onSubmit={(event) => {
        event.preventDefault();
        void send(true);
      }}
    >
      <a href="#/" class="back-link">
        ← {t('back')}
      </a>
      <h1 class="page-title">{t('newOutgoingTitle')}</h1>
      {locked && <p class="notice">{t('draftKept')}</p>}
      <fieldset class="card form-section" disabled={locked || busy}>
        <PdfUpload problem={problem} onChange={setFile} />
        <MetadataFields value={form} profile={props.profile} problem={problem} onChange={setForm} />
        <Field name="dueDate" label={t('replyDueDate')} problem={problem}>
          <input
            type="date"
            name="dueDate"
            value={form.dueDate}
            onInput={(event) => setForm({ ...form, dueDate: event.currentTarget.value })}
          />
        </Field>
      </fieldset>
      <RoutingFields form={form} profile={props.profile} problem={problem} onChange={setForm} />
      <FormAlert problem={problem} />
      <div class="form-buttons">
        <button type="button" class="button secondary" disabled={busy} onClick={() => send(false)}>
          {t('createOnly')}
        </button>
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? t('sending') : t('createAndSubmit')}
        </button>
      </div>
    </form>
  );
}

/** Renders the signer choice among the agency leaders and the units to consult. */
function RoutingFields(props: {
  form: OutgoingForm;
  profile: Profile;
  problem: FormProblem | undefined;
  onChange: (form: OutgoingForm) => void;
}) {
  const { t } = useI18n();
  const organ = encodeURIComponent(props.profile.organId);
  const users = useLoader(() => getJson<OrgUser[]>(`/api/org/users?organId=${organ}`), [organ]);
  const units = useLoader(() => getJson<OrgUnit[]>(`/api/org/units?organId=${organ}`), [organ]);
  const leaders = (users.data ?? []).filter(
    (user) => user.roles?.includes('agency_leader') && user.active !== false,
  );
  const others = (units.data ?? []).filter(
    (unit) => unit.id !== props.profile.unitId && unit.active !== false,
  );
  const { form } = props;
  const toggle = (unitId: string, checked: boolean) =>
    props.onChange({
      ...form,
      consultUnitIds: checked
        ? [...form.consultUnitIds, unitId]
        : form.consultUnitIds.filter((id) => id !== unitId),
    });
  return (
    <section class="card form-section">
      <h2>{t('routeSection')}</h2>
      {(users.error ?? units.error) && (
        <p class="error" role="alert">
          {(users.error ?? units.error)!.message}
        </p>
      )}
      <Field name="signerId" label={t('signer')} required problem={props.problem}>
        <select
          name="signerId"
          value={form.signerId}
          onChange={(event) => props.onChange({ ...form, signerId: event.currentTarget.value })}
        >
          <option value="">{t('chooseSigner')}</option>
          {leaders.map((user) => (
            <option key={user.id} value={user.id}>
              {user.fullName}
            </option>
          ))}
        </select>
      </Field>
      <fieldset class="field multi" data-field="consultUnitIds">
        <legend>{t('consultUnits')}</legend>
        {others.map((unit) => (
          <label key={unit.id} class="check">
            <input
              type="checkbox"
              name="consultUnitIds"
              value={unit.id}
              checked={form.consultUnitIds.includes(unit.id)}
              onChange={(event) => toggle(unit.id, event.currentTarget.checked)}
            />
            <span>{unit.name}</span>
          </label>
        ))}
        {props.problem?.field === 'consultUnitIds' && (
          <span class="field-error">{props.problem.message}</span>
        )}
      </fieldset>
    </section>
  );
}

/** Confirms the new draft and links back to the task list. */
function Created(props: { result: { documentId: string; submitted: boolean } }) {
  const { t } = useI18n();
  return (
    <section class="document-form">
      <p
        class="notice success"
        role="status"
        data-testid="create-result"
        data-document-id={props.result.documentId}
      >
        {props.result.submitted ? t('draftSubmitted') : t('draftCreated')}
      </p>
      <a href={hrefOf({ page: 'inbox' })} class="button primary link-button">
        {t('backToInbox')}
      </a>
    </section>
  );
}
