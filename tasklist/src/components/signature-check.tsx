import { useEffect, useState } from 'preact/hooks';
import { verifySignatures, type SignatureCheck } from '../api.js';
import { useI18n } from '../i18n/index.js';

/** The check of the chosen PDF's digital signatures, as far as it has got. */
export type SignatureState =
  { state: 'checking' } | { state: 'done'; check: SignatureCheck } | { state: 'failed' };

/** Checks the digital signatures of `file` with POST /api/signatures/verify when it changes. */
export function useSignatureCheck(file: File | undefined): SignatureState | undefined {
  const [result, setResult] = useState<SignatureState | undefined>(undefined);
  useEffect(() => {
    if (!file) {
      setResult(undefined);
      return undefined;
    }
    let current = true;
    setResult({ state: 'checking' });
    verifySignatures(file).then(
      (check) => current && setResult({ state: 'done', check }),
      () => current && setResult({ state: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [file]);
  return result;
}

/**
 * Returns why the incoming route will return the document to its sender, or undefined when the
 * check passed or did not run. An unsigned PDF gets an empty list, because its report is empty.
 */
export function returnReasons(result: SignatureState | undefined): string[] | undefined {
  if (result?.state !== 'done' || result.check.valid) return undefined;
  return result.check.signatures.flatMap((signature) => signature.reasons);
}

/** Tells the clerk, before registering, what the incoming route will do with the chosen PDF. */
export function SignatureNotice(props: { result: SignatureState | undefined }) {
  const { t } = useI18n();
  const { result } = props;
  if (!result) return null;
  const reasons = returnReasons(result);
  let text: string;
  let kind = 'notice';
  if (result.state === 'checking') text = t('signatureChecking');
  else if (result.state === 'failed') text = t('signatureCheckFailed');
  else if (!reasons) {
    kind = 'notice success';
    text = t('signatureValid', { count: result.check.signatures.length });
  } else {
    kind = 'notice warning';
    text =
      reasons.length === 0
        ? t('signatureMissing')
        : t('signatureInvalid', { reasons: reasons.join('; ') });
  }
  return (
    <p class={kind} data-testid="signature-check" data-state={result.state} role="status">
      {text}
    </p>
  );
}
