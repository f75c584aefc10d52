// Electronic signatures travel as request headers (src/core/http/signature.ts):
// the signer re-enters the password at the moment of signing. The meanings'
// words are in the locale files (common:signatureMeaning, auth:signature.verb).

export const SIGNATURE_MEANINGS = [
  'approved',
  'reviewed',
  'released',
  'rejected',
  'closed',
  'written_off',
] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];

export interface Signature {
  password: string;
  meaning: SignatureMeaning;
  reason?: string;
}

// Header values are ISO-8859-1 and lose spaces at either end, so the password
// and the reason travel as RFC 8187 extended values (utf-8'' + percent-encoding),
// which the server decodes: any character a person types can be signed with.
const extValue = (text: string) => `utf-8''${encodeURIComponent(text)}`;

export function signatureHeaders(signature: Signature): Record<string, string> {
  return {
    'x-signature-password': extValue(signature.password),
    'x-signature-meaning': signature.meaning,
    ...(signature.reason ? { 'x-signature-reason': extValue(signature.reason) } : {}),
  };
}
