import { readFile, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import * as x509 from '@peculiar/x509';
import type { Config } from '../config.js';
import { crlRevocation, trustedCrls, type EdsTrust, type RevocationCheck } from '../domain/eds.js';
import { aiaOcspUrl, OcspError, ocspQuery, ocspStatus } from '../domain/ocsp.js';

/**
 * What the EDS check trusts, from the configuration: the CAs of EDS_CA_CERT_FILE, and the revocation
 * sources (EDS_CRL_FILE, EDS_OCSP_URL). Shared by the eds-check worker and the API.
 */
export function edsTrust(config: Config): EdsTrust {
  const authorities = config.edsCaPem
    ? x509.PemConverter.decode(config.edsCaPem).map((der) => new x509.X509Certificate(der))
    : [];
  const revocation: RevocationCheck[] = [];
  const crlFile = config.EDS_CRL_FILE;
  if (crlFile) {
    // The CA publishes a new CRL from time to time: it is read again when the file changes.
    let loaded: { mtimeMs: number; lists: x509.X509Crl[] } | undefined;
    revocation.push(
      crlRevocation(async () => {
        const { mtimeMs } = await stat(crlFile);
        if (loaded?.mtimeMs !== mtimeMs)
          loaded = { mtimeMs, lists: await trustedCrls(await readFile(crlFile), authorities, new Date()) };
        return loaded.lists;
      }),
    );
  }
  const ocsp = config.EDS_OCSP_URL;
  if (ocsp) {
    revocation.push(async (cert, issuer, now) => {
      const url = ocsp === 'aia' ? aiaOcspUrl(cert) : ocsp;
      if (!url) throw new OcspError('the certificate names no OCSP responder (EDS_OCSP_URL=aia)');
      const query = await ocspQuery(cert, issuer);
      return ocspStatus(await post(url, query.der, config.EDS_OCSP_TIMEOUT_MS), query, issuer, now);
    });
  }
  return { authorities, revocation };
}

const MAX_ANSWER = 1 << 20;

/** POSTs an OCSP request (node's http: the worker daemon runs without WebAssembly, which fetch needs). */
function post(url: string, body: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(new OcspError(`the OCSP responder ${new URL(url).host} ${why}`));
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        timeout: timeoutMs,
        headers: {
          'Content-Type': 'application/ocsp-request',
          'Content-Length': body.length,
          Accept: 'application/ocsp-response',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER) req.destroy(new Error('answer too large'));
          else chunks.push(chunk);
        });
        res.on('end', () =>
          res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : fail(`answered HTTP ${res.statusCode}`),
        );
        res.on('error', (e) => fail(`failed: ${e.message}`));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (e) => fail(`cannot be reached: ${e.message}`));
    req.end(body);
  });
}
