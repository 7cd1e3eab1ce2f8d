import { expect, it } from '@jest/globals';
import { canonicalJson, signedContent } from '../../src/domain/application.js';
import { dossier } from '../support/fixtures.js';

it('orders keys by UTF-16 code units, as RFC 8785 §3.2.3 does', () => {
  const keys = ['\u20ac', '\r', '\ufb33', '1', '\ud83d\ude00', '\u0080', '\u00f6'];
  const text = canonicalJson(Object.fromEntries(keys.map((k) => [k, 0])));
  const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
  expect(text).toBe(`{${order.map((k) => `${JSON.stringify(k)}:0`).join(',')}}`);
});

it('writes numbers as ECMAScript does and drops undefined members', () => {
  expect(canonicalJson({ b: [1, { d: true, c: 'x', u: undefined }], a: 'é', n: 1e21, f: 0.1, z: -0 })).toBe(
    '{"a":"é","b":[1,{"c":"x","d":true}],"f":0.1,"n":1e+21,"z":0}',
  );
});

it('signs the request without its signature, channel and centre, whatever their order', () => {
  const d = dossier();
  const shuffled = Object.fromEntries(
    Object.entries({ ...d, signature: { cms: 'x' }, serviceCentre: 'con-1' }).reverse(),
  ) as unknown as typeof d;
  expect(signedContent(shuffled)).toBe(signedContent(d));
  expect(signedContent(d)).not.toContain('"channel"');
});
