// Reading an electronic signature from a request. The signer is the signed-in
// person, who re-enters the password in a header at the moment of signing
// (21 CFR 11.200(a)(1)(i): within a continuous session, the password alone).
// The password is checked before the change's transaction opens, so a wrong
// one is counted towards lockout yet writes nothing else.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  SIGNATURE_MEANINGS,
  type SignatureMeaning,
  type VerifiedSigner,
} from '../audit/signatures.js';
import { type AuthContext, checkPassword } from '../auth/service.js';
import { causedBy, fieldIssue, forbidden, invalid, LotlineError } from '../errors.js';
import { requirePrincipal } from './auth.js';

export const SIGNATURE_PASSWORD_HEADER = 'x-signature-password';
export const SIGNATURE_MEANING_HEADER = 'x-signature-meaning';
export const SIGNATURE_REASON_HEADER = 'x-signature-reason';

/** The headers, for the OpenAPI document of a signed route (other headers pass through). */
export const SignatureHeaders = z.looseObject({
  [SIGNATURE_PASSWORD_HEADER]: z
    .string()
    .optional()
    .describe('electronic signature: the signed-in user re-enters the password'),
  [SIGNATURE_MEANING_HEADER]: z
    .enum(SIGNATURE_MEANINGS)
    .optional()
    .describe('what the signature means; defaults to the action’s usual meaning'),
  [SIGNATURE_REASON_HEADER]: z
    .string()
    .max(500)
    .optional()
    .describe('why, kept with the signature'),
});

export async function readSignature(
  request: FastifyRequest,
  context: AuthContext,
  defaultMeaning: SignatureMeaning,
): Promise<VerifiedSigner> {
  const principal = requirePrincipal(request);
  if (principal.kind !== 'session') {
    throw forbidden(
      'signature_required',
      'this action needs an electronic signature by a person; API tokens cannot sign',
    );
  }
  const password = header(request, SIGNATURE_PASSWORD_HEADER);
  if (!password) {
    throw invalid(
      'signature_password_missing',
      'this action needs your electronic signature: re-enter your password',
    ).withIssues([
      fieldIssue(
        `headers.${SIGNATURE_PASSWORD_HEADER}`,
        'signature_password_required',
        'required: your password, to sign',
      ),
    ]);
  }
  const meaningText = header(request, SIGNATURE_MEANING_HEADER) ?? defaultMeaning;
  if (!(SIGNATURE_MEANINGS as readonly string[]).includes(meaningText)) {
    throw invalid('signature_meaning_unknown', 'unknown signature meaning').withIssues([
      fieldIssue(
        `headers.${SIGNATURE_MEANING_HEADER}`,
        'value_not_allowed',
        'expected one of {{values}}',
        {
          values: SIGNATURE_MEANINGS,
        },
      ),
    ]);
  }
  try {
    await checkPassword(context, principal.user.username, password);
  } catch (error) {
    if (error instanceof LotlineError && error.kind === 'unauthorized') {
      throw new LotlineError(
        'unauthorized',
        causedBy('signature_refused', 'signature refused', error),
      );
    }
    throw error;
  }
  const reason = header(request, SIGNATURE_REASON_HEADER);
  return {
    userId: principal.user.id,
    username: principal.user.username,
    displayName: principal.user.displayName,
    meaning: meaningText as SignatureMeaning,
    ...(reason ? { reason } : {}),
  };
}

// A header carries only ISO-8859-1, so a client may send a password or a
// reason as an RFC 8187 extended value, `utf-8''` and percent-encoded UTF-8.
const EXT_VALUE = "utf-8''";

function header(request: FastifyRequest, name: string): string | undefined {
  const raw = request.headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || !value.toLowerCase().startsWith(EXT_VALUE)) return value;
  try {
    return decodeURIComponent(value.slice(EXT_VALUE.length));
  } catch {
    throw invalid('signature_header_encoding', 'a signature header is badly encoded').withIssues([
      fieldIssue(
        `headers.${name}`,
        'signature_header_encoding',
        "expected utf-8'' followed by percent-encoded UTF-8",
      ),
    ]);
  }
}
