import { z } from 'zod';
import { accountSchema, applicationSchema, sessionSchema } from './schemas.js';
import { PROBLEM_MEDIA_TYPE, problemSchema } from './respond.js';
import { RESPONSE_SCHEMAS } from './responses.js';

type JsonSchema = Record<string, unknown>;
const REF = (name: string) => `#/components/schemas/${name}`;

/** zod schemas as OpenAPI components, named by their keys; requests as they are sent, responses as they come. */
function components(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: generated } = z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: REF });
  // A component is named by its key: the JSON Schema's own $id and $schema say nothing more here.
  return Object.fromEntries(
    Object.entries(generated).map(([name, { $id: _id, $schema: _schema, ...schema }]) => [name, schema]),
  );
}

const REQUEST_SCHEMAS = { Application: applicationSchema, Account: accountSchema, SignIn: sessionSchema };
type SchemaName = keyof typeof REQUEST_SCHEMAS | keyof typeof RESPONSE_SCHEMAS;

const ref = (name: SchemaName) => ({ $ref: REF(name) });
const body = (name: keyof typeof REQUEST_SCHEMAS) => ({
  required: true,
  content: { 'application/json': { schema: ref(name) } },
});
const ok = (description: string, name: keyof typeof RESPONSE_SCHEMAS, headers?: object) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: ref(name) } },
});
const DESCRIPTIONS: Record<number, string> = {
  400: 'malformed request',
  401: 'no or unknown credential',
  403: 'the credential may not do this',
  404: 'not found, or not yours',
  413: 'body too large',
  415: 'not JSON',
  422: 'invalid fields, each named with its reason in `errors`',
  429: 'too many attempts: wait Retry-After seconds',
  503: 'a service behind the API is unavailable',
};
const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
};
const PROBLEM = { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: REF('Problem') } } };
/** Every error is RFC 9457 problem details (the Problem component), whatever the status. */
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      { description: DESCRIPTIONS[c], ...(c === 429 ? { headers: RETRY_AFTER } : {}), content: PROBLEM },
    ]),
  );
/** The routes that take no input: a body sent with a credential is still read (src/api/app.ts), and refused when unreadable. */
const unreadableBody = {
  400: { description: 'a body sent with a credential that is not valid JSON', content: PROBLEM },
};
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The application’s id',
  schema: { type: 'string', format: 'uuid' },
};
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
      description:
        'Intake (State Corporation §10, portal §12–§13), status (§16), cabinet and out-tray. Every error is RFC 9457 problem details (`application/problem+json`, the `Problem` schema): its `type` is `urn:housing-assistance:problem:<code>`, a stable name to branch on.',
      license: { name: 'Apache License 2.0', identifier: 'Apache-2.0' },
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
      schemas: {
        ...components(REQUEST_SCHEMAS, 'input'),
        ...components({ ...RESPONSE_SCHEMAS, Problem: problemSchema }, 'output'),
      },
    },
    paths: {
      '/applications': {
        post: {
          operationId: 'submitApplication',
          summary: 'Submit an application (an API key submits for the State Corporation, a session on the portal)',
          security: either,
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              description: 'The same key within 24 hours answers the first application (`duplicate`)',
              schema: { type: 'string', pattern: '^[\\w-]{8,128}$' },
            },
          ],
          requestBody: body('Application'),
          responses: {
            202: ok('accepted; the status URL is in Location', 'Submitted', {
              Location: { description: 'The status URL', schema: { type: 'string' } },
            }),
            ...errors(400, 401, 413, 415, 422, 429, 503),
          },
        },
        get: {
          operationId: 'listApplications',
          summary: "The caller's applications (an operator: the centre's)",
          security: either,
          responses: { 200: ok('a list', 'ApplicationList'), ...errors(401, 503) },
        },
      },
      '/applications/{id}': {
        get: {
          operationId: 'getApplicationStatus',
          summary: 'Where the application stands (§16)',
          security: either,
          parameters: [idParam],
          responses: {
            200: ok('status, steps with deadlines, outcome', 'ApplicationStatus'),
            ...errors(401, 404, 503),
          },
        },
      },
      '/applications/{id}/receipt': {
        get: {
          operationId: 'getRefusalReceipt',
          summary: 'The Appendix 3 refusal receipt, printable',
          security: operator,
          parameters: [idParam],
          responses: {
            200: { description: 'an HTML page', content: { 'text/html': { schema: { type: 'string' } } } },
            ...errors(401, 403, 404),
          },
        },
      },
      '/out-tray': {
        get: {
          operationId: 'getOutTray',
          summary: "The centre's notifications and receipts to hand over (step 6)",
          security: operator,
          responses: { 200: ok('items with their hand-over marks', 'OutTray'), ...errors(401, 403) },
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
            201: ok('marked', 'AtDesk'),
            200: ok('marked before', 'AtDesk'),
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
            201: ok('marked', 'HandedOver'),
            200: ok('marked before', 'HandedOver'),
            ...errors(401, 403, 404),
          },
        },
      },
      '/portal/challenges': {
        post: {
          operationId: 'newChallenge',
          summary: 'A single-use challenge to sign with the EDS for registration or a password reset',
          security: [],
          responses: { 201: ok('the challenge and its expiry', 'Challenge'), ...errors(429) },
        },
      },
      '/portal/accounts': {
        post: {
          operationId: 'registerAccount',
          summary:
            'Register, or reset the password: IIN, password, a challenge and a detached CMS signature of it by the EDS of that IIN',
          security: [],
          requestBody: body('Account'),
          responses: {
            200: ok('the password of the IIN is set (alike for a new and an existing account)', 'PasswordSet'),
            ...errors(400, 422, 429),
          },
        },
      },
      '/portal/sessions': {
        post: {
          operationId: 'signIn',
          summary: 'Sign in (process 1)',
          security: [],
          requestBody: body('SignIn'),
          responses: { 201: ok('a session token and its expiry', 'SessionToken'), ...errors(400, 401, 422, 429) },
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
          responses: { 200: ok('messages', 'Cabinet'), ...errors(401, 403) },
        },
      },
      '/provider-certificates/{district}': {
        get: {
          operationId: 'getProviderCertificate',
          summary: "A district department's certificate, to verify the results it signed (§14)",
          security: [],
          parameters: [
            {
              name: 'district',
              in: 'path',
              required: true,
              description: 'The district’s id',
              schema: { type: 'string' },
            },
          ],
          responses: {
            200: { description: 'PEM', content: { 'application/x-pem-file': { schema: { type: 'string' } } } },
            ...errors(404),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          security: [],
          responses: {
            200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
            ...unreadableBody,
          },
        },
      },
      '/healthz': {
        get: {
          operationId: 'health',
          summary:
            'Alive: for a load balancer in front of this port (readiness and metrics are on the operations port)',
          security: [],
          responses: { 200: ok('alive', 'Health'), ...unreadableBody },
        },
      },
    },
  };
}
