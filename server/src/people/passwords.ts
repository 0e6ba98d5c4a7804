import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: OWASP's minimum for Argon2id). The stored string
 * names its parameters, so raising them later still verifies the passwords hashed before.
 */
export const hashPassword = (password: string): Promise<string> => hash(password);

/** Never throws: a malformed stored hash is a wrong password. */
export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * Verified against when the email names no user, so that answering "wrong email or password" takes as long either
 * way and the timing does not tell which emails have an account.
 */
export const NO_USER_HASH = '$argon2id$v=19$m=19456,t=2,p=1$GyU23L2dijnmiQBp0ifCkQ$ShT80IeUp4j04IgiNIGGEQbDVZt3yWMBg09pSc0KZfE';
