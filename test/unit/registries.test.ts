import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import request from 'supertest';
import { registriesApp, type PersonRecords } from '../../src/registries/service.js';
import { makeIin } from '../support/fixtures.js';

/** The stand-in for the state registers (§11), in process, with every log line it writes kept. */
function standIn(people: Record<string, PersonRecords>) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = registriesApp({
    people: new Map(Object.entries(people)),
    token: 'the-token',
    control: true,
    log: pino({ level: 'trace' }, sink),
  });
  return { app, lines };
}

const period = { periodFrom: '2026-08-01', periodTo: '2026-10-31' };

describe('the state registers’ stand-in', () => {
  it('answers the civil registry like the others, counts refusals by IIN and register, and logs no IIN', async () => {
    const [applicant, spouse, unknown] = [makeIin(1100), makeIin(1200), makeIin(1300)];
    const civil = { marriages: [{ spouseIin: spouse, dissolved: false }], parents: [], children: [] };
    const { app, lines } = standIn({ [applicant]: { 'civil-registry': civil } });
    const ask = (source: string, iin: string, token = 'the-token') =>
      request(app)
        .post(`/${source}`)
        .set('authorization', `Bearer ${token}`)
        .set('x-request-id', `app-7/${source}/applicant`)
        .send({ iin, ...period });

    const found = await ask('civil-registry', applicant);
    expect([found.status, found.body]).toEqual([200, civil]);
    expect((await ask('civil-registry', unknown)).status).toBe(404);
    expect((await ask('address', applicant, 'wrong')).status).toBe(401);
    expect(
      (await request(app).post('/address').set('authorization', 'Bearer the-token').send({ iin: applicant })).status,
    ).toBe(400);

    expect((await request(app).get(`/_control/refusals/${applicant}`)).body).toMatchObject({
      address: 1,
      'civil-registry': 0,
    });
    expect((await request(app).get(`/_control/requests/${applicant}`)).body).toMatchObject({
      address: 0,
      'civil-registry': 1,
    });
    // Each answer is logged with its request id, which finds the application; no line carries an IIN.
    expect(lines.filter((l) => l.includes('"event":"registry-question"'))).toHaveLength(2);
    expect(lines.join('')).toContain('app-7/civil-registry/applicant');
    for (const iin of [applicant, spouse, unknown]) expect(lines.join('')).not.toContain(iin);
  });
});
