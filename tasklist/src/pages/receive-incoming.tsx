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
import {
  returnReasons,
  SignatureNotice,
  useSignatureCheck,
} from '../components/signature-check.js';
import { useI18n } from '../i18n/index.js';
import { hrefOf } from '../route.js';
import type { Profile } from '../types.js';
import { useLoader } from '../use-loader.js';

interface IncomingForm extends CommonMetadata {
  organName: string;
  codeNumber: string;
  codeNotation: string;
  issuedDate: string;
  dueDate: string;
}

interface Organisation {
  organId: string;
  name: string;
}

interface Registered {
  documentId: string;
  registerNumber: number | null;
  warnings: { code: string; message: string; documentIds?: string[] }[];
}

/** The issuer's reference of the received document, as the duplicate warning names it. */
interface Reference {
  reference: string;
  issuer: string;
}

/** Returns the request body of POST /api/documents/incoming, leaving out empty optional fields. */
function incomingBody(
  form: IncomingForm,
  file: UploadedFile,
  profile: Profile,
  organisations: Organisation[],
): Record<string, unknown> {
  const organName = form.organName.trim();
  const body: Record<string, unknown> = {
    organId: profile.organId,
    ...metadataBody(form),
    organName,
    fileId: file.id,
  };
  const issuer = organisations.find((organisation) => organisation.name === organName);
  if (issuer) body.issuingOrganId = issuer.organId;
  if (form.codeNumber.trim()) body.codeNumber = form.codeNumber.trim();
  if (form.codeNotation.trim()) body.codeNotation = form.codeNotation.trim();
  if (form.issuedDate) body.issuedDate = form.issuedDate;
  if (form.dueDate) body.dueDate = form.dueDate;
  return body;
}

/**
 * Registers the received document with the next arrival number, unless an earlier attempt did,
 * and starts the incoming route for it.
 */
async function receive(
  body: Record<string, unknown>,
  earlier: Registered | undefined,
  onRegistered: (registered: Registered) => void,
): Promise<Registered> {
  let registered = earlier;
  if (!registered) {
    const response = await postJson<{
      details: { document: { id: string; registerNumber: number | null } };
      warnings: Registered['warnings'];
    }>('/api/documents/incoming', body);
    const document = response!.details.document;
    registered = {
      documentId: document.id,
      registerNumber: document.registerNumber,
      warnings: response!.warnings,
    };
    onRegistered(registered);
  }
  await postJson('/api/routes/incoming', { documentId: registered.documentId });
  return registered;
}

/** Renders the page on which a clerk registers a received document and starts its route. */
export function ReceiveIncomingPage(props: { profile: Profile }) {
  const { t } = useI18n();
  const [form, setForm] = useState<IncomingForm>({
    ...emptyMetadata,
    organName: '',
    codeNumber: '',
    codeNotation: '',
    issuedDate: '',
    dueDate: '',
  });
  const [file, setFile] = useState<UploadedFile | undefined>(undefined);
  const { problem, busy, submit } = useSubmission(t);
  const [registered, setRegistered] = useState<Registered | undefined>(undefined);
  const [result, setResult] = useState<Registered | undefined>(undefined);
  const organisations = useLoader(() => getJson<Organisation[]>('/api/organisations'), []);
  const signature = useSignatureCheck(file?.content);

  if (!props.profile.roles.includes('clerk')) return <p class="notice">{t('clerksOnly')}</p>;
  if (result) {
    const reference = [form.codeNumber.trim(), form.codeNotation.trim()].filter(Boolean).join('/');
    return (
      <Received
        result={result}
        returned={returnReasons(signature) !== undefined}
        reference={{ reference, issuer: form.organName.trim() }}
      />
    );
  }

  const missing = (): FormProblem | undefined => {
    if (!file) return { field: 'fileId', message: t('pdfRequired') };
    if (!form.organName.trim()) return { field: 'organName', message: t('issuerRequired') };
    if (!form.subject.trim()) return { field: 'subject', message: t('subjectRequired') };
    return undefined;
  };
  const send = async (event: Event) => {
    event.preventDefault();
    await submit(missing(), async () => {
      const body = incomingBody(form, file!, props.profile, organisations.data ?? []);
      setResult(await receive(body, registered, setRegistered));
    });
  };
  const text = (name: 'organName' | 'codeNumber' | 'codeNotation') => (
    <input
      type="text"
      name={name}
      value={form[name]}
      list={name === 'organName' ? 'organisations' : undefined}
      onInput={(event) => setForm({ ...form, [name]: event.currentTarget.value })}
    />
  );
  const date = (name: 'issuedDate' | 'dueDate') => (
    <input
      type="date"
      name={name}
      value={form[name]}
      onInput={(event) => setForm({ ...form, [name]: event.currentTarget.value })}
    />
  );

  return (
    <form class="document-form" data-testid="receive-incoming" onSubmit={send}>
      <a href="#/" class="back-link">
        ← {t('back')}
      </a>
      <h1 class="page-title">{t('receiveIncomingTitle')}</h1>
      {registered && <p class="notice">{t('registeredKept')}</p>}
      <fieldset class="card form-section" disabled={registered !== undefined || busy}>
        <PdfUpload problem={problem} onChange={setFile} />
        <SignatureNotice result={signature} />
        <Field name="organName" label={t('issuingAgency')} required problem={problem}>
          {text('organName')}
          <datalist id="organisations">
            {(organisations.data ?? []).map((organisation) => (
              <option key={organisation.organId} value={organisation.name} />
            ))}
          </datalist>
        </Field>
        <div class="form-row">
          <Field name="codeNumber" label={t('number')} problem={problem}>
            {text('codeNumber')}
          </Field>
          <Field name="codeNotation" label={t('notation')} problem={problem}>
            {text('codeNotation')}
          </Field>
        </div>
        <Field name="issuedDate" label={t('documentDate')} problem={problem}>
          {date('issuedDate')}
        </Field>
        <MetadataFields value={form} profile={props.profile} problem={problem} onChange={setForm} />
        <Field name="dueDate" label={t('handlingDueDate')} problem={problem}>
          {date('dueDate')}
        </Field>
      </fieldset>
      <FormAlert problem={problem} />
      <div class="form-buttons">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? t('sending') : t('receiveButton')}
        </button>
      </div>
    </form>
  );
}

/**
 * Shows the arrival number, whether the route returns the document to its sender, any possible
 * duplicate, and a link back to the task list.
 */
function Received(props: { result: Registered; returned: boolean; reference: Reference }) {
  const { t } = useI18n();
  const number = props.result.registerNumber ?? '';
  return (
    <section class="document-form">
      <p
        class={props.returned ? 'notice warning' : 'notice success'}
        role="status"
        data-testid="receive-result"
        data-returned={String(props.returned)}
        data-document-id={props.result.documentId}
      >
        {t(props.returned ? 'receivedReturned' : 'receivedMessage', { number })}
      </p>
      {props.result.warnings.map((warning) => (
        <p key={warning.message} class="notice" data-testid="receive-warning">
          {warning.code === 'POSSIBLE_DUPLICATE'
            ? t('possibleDuplicate', {
                ...props.reference,
                count: warning.documentIds?.length ?? 1,
              })
            : warning.message}
        </p>
      ))}
      <a href={hrefOf({ page: 'inbox' })} class="button primary link-button">
        {t('backToInbox')}
      </a>
    </section>
  );
}
