import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer, { type Transporter } from 'nodemailer';
import { NotFoundError, TransientError, ValidationError } from '../errors/index.js';
import {
  toNodemailer,
  type MailMessage,
  type MailTransport,
  type SentMail,
} from './mail-transport.js';

export interface OutboxOptions {
  /** Service data folder; messages go to `<dataDir>/outbox`. */
  dataDir: string;
  /** Default sender address. */
  from: string;
}

/** A message in the outbox, parsed for display to administrators. */
export interface OutboxMessage {
  /** File name inside the outbox folder. */
  file: string;
  messageId?: string;
  date?: Date;
  from?: string;
  to: string[];
  subject?: string;
  text?: string;
  html?: string;
}

const OUTBOX_FILE = /^[0-9]{13}-[0-9a-f]{16}\.eml$/;

/**
 * Writes each e-mail as an RFC 5322 `.eml` file (CRLF line ends) into `<dataDir>/outbox`
 * instead of sending it, for installations without an SMTP server and for inspection. A file
 * appears complete or not at all, because it is written under a temporary name, flushed to
 * disk and then renamed.
 */
export class OutboxTransport implements MailTransport {
  readonly folder: string;
  private readonly transporter: Transporter;

  constructor(private readonly options: OutboxOptions) {
    this.folder = join(options.dataDir, 'outbox');
    this.transporter = nodemailer.createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'windows',
    });
  }

  async send(message: MailMessage): Promise<SentMail> {
    const info = await this.transporter.sendMail(toNodemailer(message, this.options.from));
    const digest = createHash('sha256').update(info.messageId).digest('hex').slice(0, 16);
    const file = `${Date.now()}-${digest}.eml`;
    try {
      await mkdir(this.folder, { recursive: true });
      await writeAtomically(join(this.folder, file), info.message as Buffer);
    } catch (error) {
      throw new TransientError(
        'writing e-mail to the outbox failed',
        { field: 'dataDir', value: this.folder },
        { cause: error },
      );
    }
    return { messageId: info.messageId };
  }

  close(): void {
    this.transporter.close();
  }
}

/** Lists and parses outbox messages for administrators, in order of write time. */
export class OutboxReader {
  readonly folder: string;

  constructor(options: Pick<OutboxOptions, 'dataDir'>) {
    this.folder = join(options.dataDir, 'outbox');
  }

  /**
   * Lists outbox file names sorted by their millisecond write-time prefix, so files written in
   * the same millisecond may appear in either order. Returns none before the first write.
   */
  async listFiles(): Promise<string[]> {
    const names = await readdir(this.folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    return names.filter((name) => OUTBOX_FILE.test(name)).sort();
  }

  /** Parses every outbox message, in the order of `listFiles`. */
  async list(): Promise<OutboxMessage[]> {
    const messages: OutboxMessage[] = [];
    for (const file of await this.listFiles()) messages.push(await this.read(file));
    return messages;
  }

  /** Parses one outbox file; `file` must be a name that `listFiles` returns. */
  async read(file: string): Promise<OutboxMessage> {
    if (!OUTBOX_FILE.test(file)) {
      throw new ValidationError(
        'file must be an outbox file name such as 1764806600000-0123456789abcdef.eml',
        {
          field: 'file',
          value: file,
        },
      );
    }
    const source = await readFile(join(this.folder, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        throw new NotFoundError('outbox file not found', { field: 'file', value: file });
      throw error;
    });
    const parsed = await simpleParser(source);
    const to = [parsed.to ?? []]
      .flat()
      .flatMap((address) => address.value.map((v) => v.address ?? ''));
    return {
      file,
      messageId: parsed.messageId,
      date: parsed.date,
      from: parsed.from?.text,
      to,
      subject: parsed.subject,
      text: parsed.text,
      html: parsed.html === false ? undefined : parsed.html,
    };
  }
}

async function writeAtomically(path: string, content: Buffer): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o640);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
}
