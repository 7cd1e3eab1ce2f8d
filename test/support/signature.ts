import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Whether `openssl cms -verify` accepts a detached signature (base64) over `content`, trusting exactly
 * the certificate `trusted` (PEM), as anyone holding a district's published certificate can check.
 */
export function opensslVerifies(content: string, signature: string, trusted: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'verify-'));
  writeFileSync(join(dir, 'content'), content);
  writeFileSync(join(dir, 'signature.p7s'), Buffer.from(signature, 'base64'));
  writeFileSync(join(dir, 'trusted.pem'), trusted);
  const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'signature.p7s')];
  args.push('-content', join(dir, 'content'), '-CAfile', join(dir, 'trusted.pem'), '-partial_chain');
  args.push('-purpose', 'any', '-out', '/dev/null');
  return spawnSync('openssl', args, { encoding: 'utf8' }).status === 0;
}

/** The BIN in a legal entity's certificate subject (OU=BIN…), as an independent reader finds it. */
export const binOf = (certificatePem: string): string | undefined =>
  /^OU=BIN(\d{12})$/m.exec(new X509Certificate(certificatePem).subject)?.[1];
