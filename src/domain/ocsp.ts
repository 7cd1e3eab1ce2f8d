import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { RevocationUnavailable } from './eds.js';

/**
 * OCSP (RFC 6960), the NCA's online revocation status: the request for one certificate, and the
 * reading of the answer. Anything but a signed, fresh, matching "good" or "revoked" is
 * RevocationUnavailable — never a pass.
 */
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as never }));

const OID = {
  basic: '1.3.6.1.5.5.7.48.1.1',
  nonce: '1.3.6.1.5.5.7.48.1.2',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
};
/** Clock difference tolerated between us and the responder; an answer without nextUpdate must be this fresh. */
const SKEW_MS = 5 * 60_000;

export class OcspError extends RevocationUnavailable {}

export interface OcspQuery {
  /** The DER request to POST (application/ocsp-request). */
  der: Buffer;
  certId: pkijs.CertID;
  nonce: ArrayBuffer;
}

const toPkijs = (c: x509.X509Certificate) => pkijs.Certificate.fromBER(c.rawData);
const arrayBuffer = (b: Uint8Array): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export async function ocspQuery(cert: x509.X509Certificate, issuer: x509.X509Certificate): Promise<OcspQuery> {
  // SHA-1 in the CertID is what every responder must accept (RFC 5019 §2.1.1): it names, it does not sign.
  const certId = await pkijs.CertID.create(toPkijs(cert), {
    hashAlgorithm: 'SHA-1',
    issuerCertificate: toPkijs(issuer),
  });
  const nonce = new asn1js.OctetString({ valueHex: arrayBuffer(randomBytes(16)) }).toBER(false);
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [new pkijs.Request({ reqCert: certId })];
  request.tbsRequest.requestExtensions = [new pkijs.Extension({ extnID: OID.nonce, extnValue: nonce })];
  return { der: Buffer.from(request.toSchema(true).toBER(false)), certId, nonce };
}

/** The status the responder signed for the certificate of `query`. */
export async function ocspStatus(
  responseDer: Uint8Array,
  query: OcspQuery,
  issuer: x509.X509Certificate,
  now: Date,
): Promise<'good' | 'revoked'> {
  let basic: pkijs.BasicOCSPResponse;
  try {
    const response = pkijs.OCSPResponse.fromBER(arrayBuffer(responseDer));
    const status = response.responseStatus.valueBlock.valueDec;
    if (status !== 0) throw new OcspError(`the OCSP responder answered with status ${status}, not successful`);
    if (response.responseBytes?.responseType !== OID.basic)
      throw new OcspError('the OCSP answer is not a basic response');
    basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView);
  } catch (e) {
    if (e instanceof OcspError) throw e;
    throw new OcspError(`the OCSP answer cannot be read: ${(e as Error).message}`);
  }
  if (!(await signedByResponder(basic, issuer, now)))
    throw new OcspError('the OCSP answer is not signed by the issuing CA or a responder it delegated');
  const nonce = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === OID.nonce);
  if (!nonce || !Buffer.from(nonce.extnValue.valueBlock.valueHexView).equals(Buffer.from(query.nonce)))
    throw new OcspError('the OCSP answer does not carry our nonce (a replayed answer?)');
  const single = basic.tbsResponseData.responses.find((r) => r.certID.isEqual(query.certId));
  if (!single) throw new OcspError('the OCSP answer is about another certificate');
  if (single.thisUpdate.getTime() > now.getTime() + SKEW_MS)
    throw new OcspError('the OCSP answer is dated in the future');
  const staleAfter = single.nextUpdate ?? new Date(single.thisUpdate.getTime() + SKEW_MS);
  if (staleAfter.getTime() < now.getTime()) throw new OcspError('the OCSP answer is out of date');
  const kind = (single.certStatus as asn1js.BaseBlock).idBlock;
  if (kind.tagClass === 3 && kind.tagNumber === 0) return 'good';
  if (kind.tagClass === 3 && kind.tagNumber === 1) return 'revoked';
  throw new OcspError('the OCSP responder does not know the certificate (unknown)');
}

/** RFC 6960 §4.2.2.2: signed by the issuer itself, or by a certificate the issuer gave OCSPSigning. */
async function signedByResponder(basic: pkijs.BasicOCSPResponse, issuer: x509.X509Certificate, now: Date) {
  const crypto = pkijs.getCrypto(true);
  const candidates: pkijs.Certificate[] = [toPkijs(issuer)];
  for (const c of basic.certs ?? []) {
    const cert = new x509.X509Certificate(c.toSchema().toBER(false));
    const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
    const delegated =
      cert.issuer === issuer.subject &&
      eku?.usages.map(String).includes(OID.ocspSigning) === true &&
      cert.notBefore <= now &&
      now <= cert.notAfter &&
      (await cert.verify({ publicKey: issuer.publicKey, signatureOnly: true }).catch(() => false));
    if (delegated) candidates.push(c);
  }
  for (const c of candidates) {
    const ok = await crypto
      .verifyWithPublicKey(
        basic.tbsResponseData.tbsView,
        basic.signature,
        c.subjectPublicKeyInfo,
        basic.signatureAlgorithm,
      )
      .catch(() => false);
    if (ok) return true;
  }
  return false;
}

/** The responder the certificate names in its Authority Information Access, if any. */
export function aiaOcspUrl(cert: x509.X509Certificate): string | undefined {
  const aia = cert.getExtension(x509.AuthorityInfoAccessExtension);
  const name = aia?.ocsp.find((g) => g.type === 'url');
  return name?.value;
}
