// Passwords: argon2id (a memory-hard KDF) through a maintained native binding.
// The parameters are OWASP's minimum for argon2id (19 MiB, 2 passes).
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { type ErrorMessage, errorMessage } from '../errors.js';

// Algorithm.Argon2id of @node-rs/argon2 (a const enum, which isolated modules cannot read).
const ARGON2ID_ALGORITHM = 2;

const ARGON2ID = { algorithm: ARGON2ID_ALGORITHM, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A fresh hash of a random password: verifying against it costs what a real check costs. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
}

// No look-alike characters (0/O, 1/l/I): passwords are read off a terminal.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generatePassword(length = 20): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const byte of bytes) {
    // Rejection sampling keeps every character equally likely.
    if (byte >= 256 - (256 % ALPHABET.length)) continue;
    out += ALPHABET[byte % ALPHABET.length];
    if (out.length === length) break;
  }
  return out.length === length ? out : generatePassword(length);
}

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, username: string): ErrorMessage | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return errorMessage('password_too_short', 'must have at least {{minimum}} characters', {
      minimum: MIN_PASSWORD_LENGTH,
    });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return errorMessage('password_too_long', 'must have at most {{maximum}} characters', {
      maximum: MAX_PASSWORD_LENGTH,
    });
  }
  if (password.toLowerCase().includes(username.toLowerCase()))
    return errorMessage('password_contains_username', 'must not contain the user name');
  return undefined;
}

/** An opaque secret for session cookies and API tokens; only its hash is stored. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
