/**
 * Measures PDF signing and verification throughput on a generated PDF of about 1 MB, and
 * register numbering under 8 concurrent clients on MariaDB (DOCROUTE_BENCH_MYSQL_URL, default
 * root on 127.0.0.1:3306).
 * Run: npm run bench:signing -- [iterations]. The last output line is one JSON object.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import {
  createDevelopmentCa,
  issueCertificate,
  readPkcs12,
  signPdf,
  verifyPdfSignatures,
} from '../service/src/signing/index.js';
import { measureRegisterNumbers } from './register-numbers.js';

const TARGET_BYTES = 1024 * 1024;

/** Builds a text-only PDF of about 1 MB, one drawText call per page as a typical writer would. */
async function generatePdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  let pageNumber = 0;
  let bytes = Buffer.alloc(0);
  while (bytes.length < TARGET_BYTES) {
    for (let index = 0; index < 40; index += 1) {
      pageNumber += 1;
      const lines = Array.from(
        { length: 60 },
        (_, line) => `Page ${pageNumber}, line ${line}: ${'body text '.repeat(6)}`,
      );
      const page = document.addPage([595, 842]);
      page.drawText(lines.join('\n'), { x: 40, y: 800, size: 9, lineHeight: 12, font });
    }
    bytes = Buffer.from(await document.save({ useObjectStreams: false }));
  }
  return bytes;
}

async function main(): Promise<void> {
  const iterations = Number(process.argv[2] ?? 30);
  const pdf = await generatePdf();
  const ca = createDevelopmentCa();
  const issued = issueCertificate(ca, {
    commonName: 'Nguyễn Văn An',
    organisation: 'UBND',
    kind: 'person',
  });
  const identity = readPkcs12(issued.pkcs12, issued.password);
  const options = {
    identity,
    appearance: { kind: 'person' as const, signerName: 'Nguyễn Văn An', position: 'Chủ tịch' },
  };

  let signed = await signPdf(pdf, options);
  const signStart = performance.now();
  for (let index = 0; index < iterations; index += 1) signed = await signPdf(pdf, options);
  const signSeconds = (performance.now() - signStart) / 1000;

  const verifyStart = performance.now();
  let valid = true;
  for (let index = 0; index < iterations; index += 1) {
    valid &&= verifyPdfSignatures(signed, { trustAnchors: [ca.certificatePem] }).every(
      (report) => report.valid,
    );
  }
  const verifySeconds = (performance.now() - verifyStart) / 1000;
  const mariadbUrl = process.env.DOCROUTE_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
  const registers = await measureRegisterNumbers(mariadbUrl, 8, 250);

  const result = {
    pdfBytes: pdf.length,
    iterations,
    signsPerSecond: Number((iterations / signSeconds).toFixed(1)),
    verificationsPerSecond: Number((iterations / verifySeconds).toFixed(1)),
    allValid: valid,
    registerNumbersPerSecond: registers.numbersPerSecond,
    registerClients: registers.clients,
    registerNumbers: registers.numbers,
    registerGapFree: registers.gapFree,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
  };
  console.log(
    `signed ${iterations} times in ${signSeconds.toFixed(2)} s, verified in ${verifySeconds.toFixed(2)} s`,
  );
  console.log(
    `took ${registers.numbers} register numbers with ${registers.clients} clients on MariaDB: ` +
      `${registers.numbersPerSecond}/s, gap-free ${registers.gapFree}`,
  );
  console.log(JSON.stringify(result));
}

await main();
