// Electronic signatures travel as request headers (src/core/http/signature.ts):
// the signer re-enters the password at the moment of signing.

export const SIGNATURE_MEANINGS = [
  'approved',
  'reviewed',
  'released',
  'rejected',
  'closed',
  'written_off',
] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];

/** What the signer does, as the dialog's statement begins: "Approve: …". */
export const MEANING_VERB: Record<SignatureMeaning, string> = {
  approved: 'Approve',
  reviewed: 'Review',
  released: 'Release',
  rejected: 'Reject',
  closed: 'Close',
  written_off: 'Write off',
};

export interface Signature {
  password: string;
  meaning: SignatureMeaning;
  reason?: string;
}

export function signatureHeaders(signature: Signature): Record<string, string> {
  return {
    'x-signature-password': signature.password,
    'x-signature-meaning': signature.meaning,
    ...(signature.reason ? { 'x-signature-reason': signature.reason } : {}),
  };
}

/**
 * Why a text cannot travel in a header, or undefined. Headers carry ISO-8859-1
 * only (accented Latin letters are fine; "—", "€" or emoji are not), and a
 * browser trims spaces at either end.
 */
export function headerProblem(text: string): string | undefined {
  if (/[^\u0020-\u007e\u00a0-\u00ff]/.test(text)) {
    return 'holds a character that cannot be sent (only Latin letters, digits and common punctuation)';
  }
  if (text !== text.trim()) return 'cannot begin or end with a space';
  return undefined;
}
