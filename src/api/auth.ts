import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { ServiceCentre, ServiceCentres } from '../config.js';
import type { Accounts } from '../store/accounts.js';
import type { Owner } from '../store/applications.js';
import { API_MESSAGES, type Message } from '../domain/messages.js';
import { problem } from './respond.js';

/** Who is calling: a State Corporation operator (API key of one centre) or a signed-in applicant (session). */
export type Caller =
  | { kind: 'operator'; operator: string; centre: ServiceCentre; owner: Owner }
  | { kind: 'applicant'; applicantKey: string; token: string; owner: Owner };

export const caller = (res: Response): Caller | null => (res.locals.caller as Caller | undefined) ?? null;

/** The caller of a route guarded by requireCaller(kind). */
export function callerOf<K extends Caller['kind']>(res: Response, kind: K): Extract<Caller, { kind: K }> {
  const c = caller(res);
  if (c?.kind !== kind) throw new Error(`route for ${kind} reached without one`);
  return c as Extract<Caller, { kind: K }>;
}

/** For logs and the audit trail: who, without personal data. */
export function actorOf(c: Caller | null): string {
  if (!c) return 'anonymous';
  return c.kind === 'operator' ? `operator:${c.operator}@${c.centre.id}` : applicantActor(c.applicantKey);
}

export const applicantActor = (applicantKey: string) => `applicant:${applicantKey.slice(0, 12)}`;

const SCHEME = /^(ApiKey|Bearer) ([A-Za-z0-9_\-.~+/=]{16,256})$/;

export function authenticate(centres: ServiceCentres, accounts: Accounts) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (header === undefined) return next();
    const match = SCHEME.exec(header);
    if (!match) return next();
    try {
      if (match[1] === 'ApiKey') {
        const found = centres.operatorsByKeyHash.get(createHash('sha256').update(match[2]).digest('hex'));
        if (found)
          res.locals.caller = {
            kind: 'operator',
            operator: found.code,
            centre: found.centre,
            owner: `centre:${found.centre.id}`,
          } satisfies Caller;
      } else {
        const applicantKey = await accounts.session(match[2]);
        if (applicantKey)
          res.locals.caller = {
            kind: 'applicant',
            applicantKey,
            token: match[2],
            owner: `applicant:${applicantKey}`,
          } satisfies Caller;
      }
      next();
    } catch (e) {
      next(e);
    }
  };
}

function unauthorized(res: Response, message: Message) {
  res.set('WWW-Authenticate', 'Bearer realm="portal", ApiKey realm="state-corporation"');
  problem(res, 401, 'unauthorized', message);
}

export function requireCaller(kind?: Caller['kind']) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const c = caller(res);
    if (!c) return unauthorized(res, API_MESSAGES.signIn);
    if (kind && c.kind !== kind) {
      return problem(res, 403, 'forbidden', API_MESSAGES[kind === 'operator' ? 'operatorsOnly' : 'applicantsOnly']);
    }
    next();
  };
}
