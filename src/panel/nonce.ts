/** A CSP nonce from Node's CSPRNG (128 bits, base64), fresh for every HTML load. */
import { randomBytes } from 'crypto';

export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}
