// Password hashing (argon2id), generated passwords and the rules a new
// password must meet.
import { describe, expect, it } from 'vitest';
import {
  generatePassword,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  newSecret,
  passwordProblem,
  verifyPassword,
} from './password.js';

describe('hashPassword and verifyPassword', () => {
  it('hashes with argon2id at the OWASP minimum parameters, salted', async () => {
    const hash = await hashPassword('Tumbler-wharf-7391');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(hash).not.toContain('Tumbler');
    // A fresh salt each time: equal passwords do not give equal hashes.
    expect(await hashPassword('Tumbler-wharf-7391')).not.toBe(hash);
  });

  it('verifies the right password and refuses any other', async () => {
    const hash = await hashPassword('Tumbler-wharf-7391');
    expect(await verifyPassword(hash, 'Tumbler-wharf-7391')).toBe(true);
    expect(await verifyPassword(hash, 'tumbler-wharf-7391')).toBe(false);
    expect(await verifyPassword(hash, 'Tumbler-wharf-7391 ')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('refuses, rather than throws, when the stored hash is not one', async () => {
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
    expect(await verifyPassword('', 'anything')).toBe(false);
  });
});

describe('generatePassword', () => {
  // No 0/O, 1/l/I: a generated password is read off a terminal.
  const ALPHABET = /^[abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789]+$/;

  it('makes 20 characters from an alphabet without look-alikes', () => {
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      expect(password).toHaveLength(20);
      expect(password).toMatch(ALPHABET);
    }
  });

  it('makes the length asked for', () => {
    expect(generatePassword(16)).toHaveLength(16);
    expect(generatePassword(64)).toHaveLength(64);
  });

  it('never repeats itself, and uses the whole alphabet', () => {
    const passwords = Array.from({ length: 500 }, () => generatePassword());
    expect(new Set(passwords).size).toBe(500);
    const seen = new Set(passwords.join(''));
    expect(seen.size).toBe(55);
  });

  it('passes its own rules for any user name it does not contain', () => {
    expect(passwordProblem(generatePassword(), 'admin')).toBeUndefined();
  });
});

describe('passwordProblem', () => {
  it(`wants at least ${MIN_PASSWORD_LENGTH} characters`, () => {
    expect(passwordProblem('a'.repeat(MIN_PASSWORD_LENGTH - 1), 'ana')).toEqual({
      code: 'password_too_short',
      params: { minimum: 12 },
      text: 'must have at least 12 characters',
    });
    expect(passwordProblem('b'.repeat(MIN_PASSWORD_LENGTH), 'ana')).toBeUndefined();
  });

  it('wants at most 256 characters', () => {
    expect(passwordProblem('b'.repeat(257), 'ana')?.text).toBe('must have at most 256 characters');
    expect(passwordProblem('b'.repeat(256), 'ana')).toBeUndefined();
  });

  it('refuses a password containing the user name, in any case', () => {
    expect(passwordProblem('my-name-is-Ana-2026', 'ana')?.text).toBe(
      'must not contain the user name',
    );
    expect(passwordProblem('xxANA.QUALITYxx', 'ana.quality')?.code).toBe(
      'password_contains_username',
    );
    expect(passwordProblem('Tumbler-wharf-7391', 'ana')).toBeUndefined();
  });
});

describe('newSecret', () => {
  it('makes 256-bit URL-safe secrets that never repeat', () => {
    const secrets = Array.from({ length: 100 }, newSecret);
    expect(new Set(secrets).size).toBe(100);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
