import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  adminSignInSchema,
  employeeSignInSchema,
  sessionInfoSchema,
  sessionSchema,
  type SessionInfo,
} from '../../shared/api';
import type { ApiDeps } from './deps';
import { BEARER, sessionOfRequest } from './guard';
import type { SessionContext } from './sessions';
import { iso } from './views';

/** Sign-in for admins and employees, who-am-I, sign-out. */
export function authRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/admin',
      { schema: { tags: ['auth'], body: adminSignInSchema, response: { 200: sessionSchema } } },
      async (request) =>
        deps.sessions.signInAdmin(request.body.email, request.body.password, request.ip),
    );

    app.post(
      '/auth/employee',
      { schema: { tags: ['auth'], body: employeeSignInSchema, response: { 200: sessionSchema } } },
      async (request) =>
        deps.sessions.signInEmployee(request.body.sipNumber, request.body.password, request.ip),
    );

    app.get(
      '/auth/session',
      { schema: { tags: ['auth'], security: BEARER, response: { 200: sessionInfoSchema } } },
      async (request) => sessionInfo(deps, await sessionOfRequest(deps, request)),
    );

    app.delete(
      '/auth/session',
      { schema: { tags: ['auth'], security: BEARER, response: { 204: z.null() } } },
      async (request, reply) => {
        await deps.sessions.signOut(await sessionOfRequest(deps, request));
        return reply.code(204).send(null);
      },
    );
  };
}

async function sessionInfo(deps: ApiDeps, session: SessionContext): Promise<SessionInfo> {
  const { store } = deps;
  const own = store.forCompany(session.companyId);
  const company = { id: session.companyId, name: (await own.company())?.name ?? '' };
  const expiresAt = iso((await store.apiSessions.get(session.tokenHash))?.expiresAt ?? Date.now());
  if (session.role === 'admin') {
    return {
      role: 'admin',
      expiresAt,
      admin: { id: session.subjectId, email: session.actor },
      company,
    };
  }
  const number = (await own.sipNumbers.getByEmployee(session.subjectId))!;
  return {
    role: 'employee',
    expiresAt,
    employee: { id: session.subjectId, name: number.employeeName, sipNumber: number.number },
    company,
  };
}
