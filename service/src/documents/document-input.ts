import { ValidationError } from '../errors/index.js';
import { checkOrganId } from '../org/index.js';
import type { JsonValue } from './document.entity.js';
import { resolveDocumentType } from './document-types.js';
import { checkDate, checkDigits, checkInstant, checkText } from './field-checks.js';
import { foldText } from './text-fold.js';
import {
  checkPriority,
  checkSecrecy,
  SCHEDULED_FLASH_PRIORITY,
  type Secrecy,
} from './urgency-secrecy.js';

/** An addressee (To): an organisation's OrganId when it has one, and its name. */
export interface RecipientInput {
  organId?: string | null;
  organName: string;
}

/** Metadata of a document as a caller supplies it. The service fills the register fields. */
export interface DocumentMetadataInput {
  /** OrganId of the organisation whose registers hold the document. */
  organId: string;
  /** One of the 29 type codes, or a pre-2020 code (GN, TTh, UQ, NP) that is mapped to it. */
  typeCode: string;
  /** Defaults to the type's name. */
  typeName?: string;
  subject: string;
  /** Issuing organisation's name. An outgoing document defaults to its own organisation's. */
  organName?: string;
  issuingOrganId?: string | null;
  /** Sender's number and notation of an incoming document, such as `15` and `UBND-VP`. */
  codeNumber?: string | null;
  codeNotation?: string | null;
  issuedDate?: string | null;
  language?: string;
  pageAmount?: number | null;
  description?: string | null;
  signerPosition?: string | null;
  signerFullName?: string | null;
  /** Urgency as edXML priority 0..4; 4 (Hỏa tốc hẹn giờ) needs `scheduledAt`. */
  priority?: number;
  scheduledAt?: string | Date | null;
  secrecy?: Secrecy;
  issuedAmount?: number | null;
  dueDate?: string | null;
  recipients?: RecipientInput[];
  toPlaces?: string | null;
  /** Directions, distribution and processing status as any JSON value. */
  traceHeaderList?: unknown;
  replyToDocumentId?: string | null;
}

/** Every key of DocumentMetadataInput, for rejecting unknown keys in a request body. */
export const METADATA_FIELDS = Object.freeze([
  'organId',
  'typeCode',
  'typeName',
  'subject',
  'organName',
  'issuingOrganId',
  'codeNumber',
  'codeNotation',
  'issuedDate',
  'language',
  'pageAmount',
  'description',
  'signerPosition',
  'signerFullName',
  'priority',
  'scheduledAt',
  'secrecy',
  'issuedAmount',
  'dueDate',
  'recipients',
  'toPlaces',
  'traceHeaderList',
  'replyToDocumentId',
] as const satisfies ReadonlyArray<keyof DocumentMetadataInput>);

const RECIPIENT_FIELDS = ['organId', 'organName'] as const;

/** Metadata after every field has been checked against the standard's types and lengths. */
export interface CheckedMetadata {
  organId: string;
  typeCode: string;
  typeName: string;
  subject: string;
  subjectFolded: string;
  organName: string | null;
  issuingOrganId: string | null;
  codeNumber: string | null;
  codeNotation: string | null;
  issuedDate: string | null;
  language: string;
  pageAmount: number | null;
  description: string | null;
  signerPosition: string | null;
  signerFullName: string | null;
  priority: number;
  scheduledAt: Date | null;
  secrecy: Secrecy;
  issuedAmount: number | null;
  dueDate: string | null;
  toPlaces: string | null;
  traceHeaderList: JsonValue;
  replyToDocumentId: string | null;
  recipients: Array<{ organId: string | null; organName: string }>;
}

/** Checks a caller's metadata, throwing a ValidationError that names the first bad field. */
export function checkMetadata(input: DocumentMetadataInput): CheckedMetadata {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError('document metadata must be an object', { value: input });
  }
  const type = resolveDocumentType(input.typeCode);
  const subject = checkText('subject', input.subject, { max: 500, required: true });
  const priority = checkPriority(input.priority);
  const scheduledAt = checkInstant('scheduledAt', input.scheduledAt);
  if (priority === SCHEDULED_FLASH_PRIORITY && scheduledAt === null) {
    throw new ValidationError(
      'scheduledAt is missing, but priority 4 (Hỏa tốc hẹn giờ) needs the set time',
      {
        field: 'scheduledAt',
        value: input.scheduledAt,
      },
    );
  }
  return {
    organId: checkOrganId('organId', input.organId),
    typeCode: type.code,
    typeName: checkText('typeName', input.typeName, { max: 100 }) ?? type.name,
    subject,
    subjectFolded: foldText(subject),
    organName: checkText('organName', input.organName, { max: 200 }),
    issuingOrganId:
      input.issuingOrganId == null ? null : checkOrganId('issuingOrganId', input.issuingOrganId),
    codeNumber: checkText('codeNumber', input.codeNumber, { max: 11 }),
    codeNotation: checkText('codeNotation', input.codeNotation, { max: 30 }),
    issuedDate: checkDate('issuedDate', input.issuedDate),
    language: checkText('language', input.language, { max: 30 }) ?? 'vi',
    pageAmount: checkDigits('pageAmount', input.pageAmount, 3),
    description: checkText('description', input.description, { max: 500 }),
    signerPosition: checkText('signerPosition', input.signerPosition, { max: 100 }),
    signerFullName: checkText('signerFullName', input.signerFullName, { max: 50 }),
    priority,
    scheduledAt,
    secrecy: checkSecrecy(input.secrecy),
    issuedAmount: checkDigits('issuedAmount', input.issuedAmount, 3),
    dueDate: checkDate('dueDate', input.dueDate),
    toPlaces: checkText('toPlaces', input.toPlaces, { max: 1000 }),
    traceHeaderList: (input.traceHeaderList ?? null) as JsonValue,
    replyToDocumentId: checkText('replyToDocumentId', input.replyToDocumentId, { max: 36 }),
    recipients: checkRecipients(input.recipients),
  };
}

function checkRecipients(value: unknown): CheckedMetadata['recipients'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new ValidationError('recipients must be a list of { organId, organName }', {
      field: 'recipients',
      value,
    });
  }
  value.forEach((recipient: unknown, index) => {
    if (typeof recipient !== 'object' || recipient === null || Array.isArray(recipient)) {
      throw new ValidationError(`recipients[${index}] must be an object { organId, organName }`, {
        field: `recipients[${index}]`,
        value: recipient,
      });
    }
    const unknown = Object.keys(recipient).find(
      (key) => !(RECIPIENT_FIELDS as readonly string[]).includes(key),
    );
    if (unknown !== undefined) {
      throw new ValidationError(
        `unknown field "${unknown}" in recipients[${index}]; the accepted fields are organId, organName`,
        {
          field: `recipients[${index}].${unknown}`,
          value: (recipient as Record<string, unknown>)[unknown],
        },
      );
    }
  });
  return value.map((recipient: RecipientInput, index) => ({
    organId:
      recipient?.organId == null
        ? null
        : checkOrganId(`recipients[${index}].organId`, recipient.organId),
    organName: checkText(`recipients[${index}].organName`, recipient?.organName, {
      max: 200,
      required: true,
    }),
  }));
}
