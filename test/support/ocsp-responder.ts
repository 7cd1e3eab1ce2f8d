import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as x509 from '@peculiar/x509';
import { issueOcspResponder, pkcs8Pem } from '../../src/stack/authority.js';
import { freePort, waitFor } from '../../src/stack/stack.js';
import type { TestCa } from './eds.js';

export interface OcspResponder {
  url: string;
  stop(): Promise<void>;
}

/** openssl's index.txt serial: the certificate's serial in upper-case hex, whole bytes, no sign byte. */
function indexSerial(cert: x509.X509Certificate): string {
  const hex = cert.serialNumber.replace(/^(00)+(?=[0-9a-f]{2})/i, '').toUpperCase();
  return hex.length % 2 ? `0${hex}` : hex;
}

const opensslTime = (d: Date) => `${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`;

/**
 * A real OCSP responder, `openssl ocsp` (3.0 takes a port only, so it listens on every interface), for `ca`: it answers good for `good`, revoked for
 * `revoked`, unknown for anything else. It signs with a responder certificate `ca` delegates, or, with
 * `signedBy`, one another CA issued (a responder the CA never delegated). `port`: one chosen before (to name it in a certificate's AIA).
 */
export async function startOcspResponder(
  ca: TestCa,
  certificates: { good: x509.X509Certificate[]; revoked: x509.X509Certificate[] },
  signedBy: TestCa = ca,
  port?: number,
): Promise<OcspResponder> {
  const dir = mkdtempSync(join(tmpdir(), 'ocsp-'));
  const responder = await issueOcspResponder(signedBy, 'CN=Test OCSP responder, C=KZ');
  const line = (c: x509.X509Certificate, revoked: boolean) =>
    [
      revoked ? 'R' : 'V',
      opensslTime(c.notAfter),
      revoked ? opensslTime(new Date(Date.now() - 60_000)) : '',
      indexSerial(c),
      'unknown',
      c.subject.replace(/, /g, '/').replace(/^/, '/'),
    ].join('\t');
  writeFileSync(
    join(dir, 'index.txt'),
    [...certificates.good.map((c) => line(c, false)), ...certificates.revoked.map((c) => line(c, true))].join('\n') +
      '\n',
  );
  writeFileSync(join(dir, 'ca.pem'), ca.cert.toString('pem'));
  writeFileSync(join(dir, 'responder.pem'), responder.certificate.toString('pem'));
  writeFileSync(join(dir, 'responder.key'), await pkcs8Pem(responder.keys.privateKey), { mode: 0o600 });
  port ??= await freePort();
  const child: ChildProcess = spawn(
    'openssl',
    [
      'ocsp',
      '-index',
      join(dir, 'index.txt'),
      '-port',
      String(port),
      '-rsigner',
      join(dir, 'responder.pem'),
      '-rkey',
      join(dir, 'responder.key'),
      '-CA',
      join(dir, 'ca.pem'),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // It says so once it listens; a probe connection would hold it (it serves one connection at a time).
  await waitFor(
    `openssl ocsp on port ${port}`,
    () => Promise.resolve(stderr.includes('waiting for OCSP client connections')),
    10_000,
    child,
  ).catch((e: Error) => {
    throw new Error(`${e.message}: ${stderr}`);
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}
