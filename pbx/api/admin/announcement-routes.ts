/**
 * The recordings a company's refused callers hear (docs: Announcements): which plays for each
 * sentence and language, an admin's own WAV file in place of one (validated: 16-bit PCM, mono,
 * 8 kHz, at most 7 s; anything else is a 400 that says what is wrong), and back to the built-in.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANNOUNCEMENT_LANGUAGES } from '../../../shared/announcement-texts';
import { announcementListSchema, announcementSlotSchema } from '../../../shared/api';
import { readWav, WavFormatError } from '../../media/wav';
import type { AnnouncementDeps, ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { BEARER, companyScope } from '../guard';
import { audit } from '../services/audit';

const tags = ['admin: announcements'];
const slotParams = announcementSlotSchema;
const listSchema = announcementListSchema;
const slotSchema = announcementListSchema.shape.slots.element;
/** A WAV file of 7 s of 16-bit PCM is 112 KB; the API's usual limit is 64 KB. */
const WAV_BODY_LIMIT = 256 * 1024;

export function announcementRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const announcements = (): AnnouncementDeps => {
      if (!deps.announcements) throw ApiError.notFound('announcements');
      return deps.announcements;
    };
    for (const type of ['audio/wav', 'audio/x-wav', 'audio/wave', 'application/octet-stream']) {
      app.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: WAV_BODY_LIMIT },
        (_r, body, done) => done(null, body),
      );
    }

    app.get(
      '/admin/announcements',
      { schema: { tags, security: BEARER, response: { 200: listSchema } } },
      async (request) => {
        const { by } = await companyScope(deps, request, 'admin');
        const { recordings, playable } = announcements();
        return { playable, slots: recordings.list(by.companyId, ANNOUNCEMENT_LANGUAGES) };
      },
    );

    app.put(
      '/admin/announcements/:language/:sentence',
      {
        bodyLimit: WAV_BODY_LIMIT,
        schema: { tags, security: BEARER, params: slotParams, response: { 200: slotSchema } },
      },
      async (request) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        const { language, sentence } = request.params;
        if (!Buffer.isBuffer(request.body)) {
          throw ApiError.badField(
            'body',
            'send the recording as a WAV file (Content-Type: audio/wav)',
          );
        }
        let durationMs: number;
        try {
          durationMs = readWav(request.body).durationMs;
        } catch (error) {
          if (error instanceof WavFormatError) throw ApiError.badField('body', error.message);
          throw error;
        }
        announcements().recordings.replace(by.companyId, language, sentence, request.body);
        await audit(tenant, by, 'announcement.replace', `${language}/${sentence}`, null, {
          durationMs,
        });
        return { language, sentence, custom: true, durationMs };
      },
    );

    app.delete(
      '/admin/announcements/:language/:sentence',
      { schema: { tags, security: BEARER, params: slotParams, response: { 204: z.null() } } },
      async (request, reply) => {
        const { by, tenant } = await companyScope(deps, request, 'admin');
        const { language, sentence } = request.params;
        announcements().recordings.restore(by.companyId, language, sentence);
        await audit(tenant, by, 'announcement.restore', `${language}/${sentence}`, null, null);
        return reply.status(204).send(null);
      },
    );
  };
}
