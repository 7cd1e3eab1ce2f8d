import { createHash, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * CMS (PKCS#7) SignedData with a detached content, as `openssl cms -sign` makes and `openssl cms
 * -verify` checks: the applicant's EDS over a portal request (condition 2), and the provider's
 * signature over the result (§12, §14).
 */
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as never }));
x509.cryptoProvider.set(webcrypto as never);

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
};

const arrayBuffer = (b: Uint8Array): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export interface Signer {
  certificate: x509.X509Certificate;
  privateKey: webcrypto.CryptoKey;
  /** Further certificates to carry in the CMS (the issuing CAs), as `openssl cms -sign -certfile` does. */
  chain?: x509.X509Certificate[];
}

/** A signer from PEM files: the certificate and its PKCS#8 private key (ECDSA or RSA, SHA-256). */
export async function loadSigner(certificatePem: string, privateKeyPem: string): Promise<Signer> {
  const certificate = new x509.X509Certificate(certificatePem);
  const algorithm = { ...(certificate.publicKey.algorithm as object), hash: 'SHA-256' };
  const der = x509.PemConverter.decode(privateKeyPem)[0];
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, algorithm as never, false, ['sign']);
  return { certificate, privateKey };
}

/**
 * A CMS signature (DER) over `content`, with the signer's certificate inside: detached by default;
 * `attached` carries the content inside too (as `openssl cms -sign -nodetach`).
 */
export async function signDetached(
  content: Uint8Array,
  signer: Signer,
  options: { attached?: boolean } = {},
): Promise<Buffer> {
  const cert = pkijs.Certificate.fromBER(signer.certificate.rawData);
  const digest = createHash('sha256').update(content).digest();
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID.data,
      ...(options.attached ? { eContent: new asn1js.OctetString({ valueHex: arrayBuffer(content) }) } : {}),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
            new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: new Date() })] }),
            new pkijs.Attribute({
              type: OID.messageDigest,
              values: [new asn1js.OctetString({ valueHex: arrayBuffer(digest) })],
            }),
          ],
        }),
      }),
    ],
    certificates: [cert, ...(signer.chain ?? []).map((c) => pkijs.Certificate.fromBER(c.rawData))],
  });
  await signedData.sign(signer.privateKey, 0, 'SHA-256', arrayBuffer(content));
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(info.toSchema().toBER(false));
}

export type CmsProblem =
  'signature-malformed' | 'signer-certificate-missing' | 'signature-invalid' | 'signed-content-differs';

export type CmsVerification =
  | { ok: true; signer: x509.X509Certificate; certificates: x509.X509Certificate[] }
  | { ok: false; problem: CmsProblem; signer?: x509.X509Certificate; certificates?: x509.X509Certificate[] };

/** The bytes of an embedded content, primitive or constructed (chunked) OCTET STRING. */
function embeddedBytes(eContent: asn1js.OctetString): Buffer {
  if (!eContent.idBlock.isConstructed) return Buffer.from(eContent.valueBlock.valueHexView);
  return Buffer.concat((eContent.valueBlock.value as asn1js.OctetString[]).map((part) => embeddedBytes(part)));
}

/**
 * Checks a CMS signature over `content`; the signer's certificate must travel inside it, with any
 * other certificates (the issuing CAs) returned for the chain. The signature is verified over
 * `content` only: a CMS that carries content of its own is refused unless that content is
 * byte-identical to `content` (else a signer's CMS over any text would pass for a request they never signed).
 */
export async function verifyCms(cms: Uint8Array, content: Uint8Array): Promise<CmsVerification> {
  let signedData: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(arrayBuffer(cms));
    if (info.contentType !== OID.signedData) return { ok: false, problem: 'signature-malformed' };
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch {
    return { ok: false, problem: 'signature-malformed' };
  }
  if (signedData.signerInfos.length !== 1) return { ok: false, problem: 'signature-malformed' };
  const carried = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const sid: unknown = signedData.signerInfos[0].sid;
  const cert = carried.find(
    (c) =>
      sid instanceof pkijs.IssuerAndSerialNumber &&
      c.serialNumber.isEqual(sid.serialNumber) &&
      c.issuer.isEqual(sid.issuer),
  );
  if (!cert) return { ok: false, problem: 'signer-certificate-missing' };
  const signer = new x509.X509Certificate(cert.toSchema().toBER(false));
  const certificates = carried
    .filter((c) => c !== cert)
    .map((c) => new x509.X509Certificate(c.toSchema().toBER(false)));
  const eContent = signedData.encapContentInfo.eContent;
  if (eContent) {
    let embedded: Buffer;
    try {
      embedded = embeddedBytes(eContent);
    } catch {
      return { ok: false, problem: 'signature-malformed', signer, certificates };
    }
    if (!embedded.equals(content)) return { ok: false, problem: 'signed-content-differs', signer, certificates };
    // pkijs verifies over the embedded content when there is one: drop it, so the request's bytes are what is checked.
    signedData.encapContentInfo.eContent = undefined;
  }
  try {
    const result = await signedData.verify({
      signer: 0,
      data: arrayBuffer(content),
      checkChain: false,
      extendedMode: true,
    });
    return result.signatureVerified
      ? { ok: true, signer, certificates }
      : { ok: false, problem: 'signature-invalid', signer, certificates };
  } catch {
    return { ok: false, problem: 'signature-invalid', signer, certificates };
  }
}
