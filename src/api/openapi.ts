import { z } from 'zod';
import { accountSchema, applicationSchema, sessionSchema } from './schemas.js';
import { PROBLEM_MEDIA_TYPE, problemSchema } from './respond.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' });
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description: DESCRIPTIONS[c],
        content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    ]),
  );
const DESCRIPTIONS: Record<number, string> = {
  400: 'malformed request',
  401: 'no or unknown credential',
  403: 'the credential may not do this',
  404: 'not found, or not yours',
  409: 'exists already',
  413: 'body too large',
  415: 'not JSON',
  422: 'invalid fields, each named with its reason',
  429: 'too many attempts: wait Retry-After seconds',
  503: 'a service behind the API is unavailable',
};
const json = (s: object) => ({ 'application/json': { schema: s } });
const body = (s: z.ZodType) => ({ required: true, content: json(schema(s)) });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const operator = [{ apiKey: [] }];
const applicant = [{ session: [] }];
const either = [{ apiKey: [] }, { session: [] }];

/** The API's contract; test/integration/openapi.test.ts holds it to the routes the app really has. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Assignment of housing assistance — Almaty',
      version: '1.0.0',
      description: 'Intake (State Corporation §10, portal §12–§13), status (§16), cabinet and out-tray.',
    },
    servers: [{ url: serverUrl || '/' }],
    components: {
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'State Corporation operator: `ApiKey <key>`, the key tied to one service centre',
        },
        session: {
          type: 'http',
          scheme: 'bearer',
          description: 'Portal applicant: the token of POST /portal/sessions',
        },
      },
      schemas: { Problem: z.toJSONSchema(problemSchema, { io: 'output' }), Application: schema(applicationSchema) },
    },
    paths: {
      '/applications': {
        post: {
          operationId: 'submitApplication',
          summary: 'Submit an application (an API key submits for the State Corporation, a session on the portal)',
          security: either,
          parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }],
          requestBody: { required: true, content: json({ $ref: '#/components/schemas/Application' }) },
          responses: {
            202: { description: 'accepted; the status URL is in Location' },
            ...errors(400, 401, 413, 415, 422, 503),
          },
        },
        get: {
          operationId: 'listApplications',
          summary: "The caller's applications (an operator: the centre's)",
          security: either,
          responses: { 200: { description: 'a list' }, ...errors(401) },
        },
      },
      '/applications/{id}': {
        get: {
          operationId: 'getApplicationStatus',
          summary: 'Where the application stands (§16)',
          security: either,
          parameters: [idParam],
          responses: { 200: { description: 'status, steps with deadlines, outcome' }, ...errors(401, 404) },
        },
      },
      '/applications/{id}/receipt': {
        get: {
          operationId: 'getRefusalReceipt',
          summary: 'The Appendix 3 refusal receipt, printable',
          security: operator,
          parameters: [idParam],
          responses: { 200: { description: 'an HTML page', content: { 'text/html': {} } }, ...errors(401, 403, 404) },
        },
      },
      '/out-tray': {
        get: {
          operationId: 'getOutTray',
          summary: "The centre's notifications and receipts to hand over (step 6)",
          security: operator,
          responses: { 200: { description: 'items with their hand-over mark' }, ...errors(401, 403) },
        },
      },
      '/out-tray/{id}/at-desk': {
        post: {
          operationId: 'markApplicantAtDesk',
          summary:
            'The applicant is at the desk for the result: step 6’s 15 minutes start (the employee, or the e-queue calling the ticket)',
          security: operator,
          parameters: [idParam],
          responses: {
            201: { description: 'marked' },
            200: { description: 'marked before' },
            ...errors(401, 403, 404),
          },
        },
      },
      '/out-tray/{id}/handed-over': {
        post: {
          operationId: 'markHandedOver',
          summary: 'Mark the notification handed to the applicant (step 6)',
          security: operator,
          parameters: [idParam],
          responses: {
            201: { description: 'marked' },
            200: { description: 'marked before' },
            ...errors(401, 403, 404),
          },
        },
      },
      '/portal/challenges': {
        post: {
          operationId: 'newChallenge',
          summary: 'A single-use challenge to sign with the EDS for registration or a password reset',
          security: [],
          responses: { 201: { description: 'the challenge (sign its UTF-8 bytes) and its expiry' }, ...errors(429) },
        },
      },
      '/portal/accounts': {
        post: {
          operationId: 'registerAccount',
          summary:
            'Register, or reset the password: IIN, password, a challenge and a detached CMS signature of it by the EDS of that IIN',
          security: [],
          requestBody: body(accountSchema),
          responses: {
            200: { description: 'the password of the IIN is set (alike for a new and an existing account)' },
            ...errors(400, 422, 429),
          },
        },
      },
      '/portal/sessions': {
        post: {
          operationId: 'signIn',
          summary: 'Sign in (process 1)',
          security: [],
          requestBody: body(sessionSchema),
          responses: { 201: { description: 'a session token and its expiry' }, ...errors(400, 401, 422, 429) },
        },
      },
      '/portal/sessions/current': {
        delete: {
          operationId: 'signOut',
          summary: 'Sign out',
          security: applicant,
          responses: { 204: { description: 'signed out' }, ...errors(401, 403) },
        },
      },
      '/cabinet': {
        get: {
          operationId: 'getCabinet',
          summary: 'The personal cabinet: acceptance (§13), refusals, the signed result (process 7)',
          security: applicant,
          responses: { 200: { description: 'messages' }, ...errors(401, 403) },
        },
      },
      '/provider-certificates/{district}': {
        get: {
          operationId: 'getProviderCertificate',
          summary: "A district department's certificate, to verify the results it signed (§14)",
          security: [],
          parameters: [{ name: 'district', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'PEM', content: { 'application/x-pem-file': {} } }, ...errors(404) },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          security: [],
          responses: { 200: { description: 'OpenAPI 3.1' } },
        },
      },
      '/healthz': {
        get: { operationId: 'health', summary: 'Alive', security: [], responses: { 200: { description: 'ok' } } },
      },
    },
  };
}
