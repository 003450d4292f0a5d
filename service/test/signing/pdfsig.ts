import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs poppler's pdfsig, an independent verifier, on `pdf` with the trusted roots in `nssDir`. */
export function runPdfsig(pdf: Buffer, nssDir: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'docroute-pdfsig-'));
  const path = join(folder, 'signed.pdf');
  writeFileSync(path, pdf);
  const result = spawnSync('pdfsig', ['-nssdir', `sql:${nssDir}`, path], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`;
}

/** Creates an NSS certificate database that trusts `caPem` for signing, as pdfsig reads it. */
export function createNssDatabase(caPem: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'docroute-nss-'));
  execFileSync('certutil', ['-N', '-d', `sql:${folder}`, '--empty-password']);
  const caPath = join(folder, 'ca.pem');
  writeFileSync(caPath, caPem);
  execFileSync('certutil', [
    '-A',
    '-d',
    `sql:${folder}`,
    '-n',
    'docroute-dev-ca',
    '-t',
    'CT,C,C',
    '-i',
    caPath,
  ]);
  return folder;
}

export function hasPdfsig(): boolean {
  return (
    spawnSync('pdfsig', ['-v']).status === 0 && spawnSync('certutil', ['-H']).error === undefined
  );
}
