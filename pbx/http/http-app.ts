import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerApi, type ApiDeps } from '../api';
import type { Logger } from '../log';

export interface HttpAppOptions {
  /** The built renderer (web softphone); absent when it has not been built. */
  rendererDir: string;
  https?: { cert: Buffer; key: Buffer };
  logger: Logger;
  api: ApiDeps;
}

/**
 * The PBX's HTTP side: the web softphone at `/`, a health check, and the HTTP API (pbx/api). SIP over
 * WebSocket shares the server: the transport layer takes the `Upgrade` requests.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Requests are not logged one by one; warnings and errors are.
    loggerInstance: options.logger.child({ module: 'http' }, { level: 'warn' }),
    ...(options.https ? { https: options.https } : {}),
  }) as unknown as FastifyInstance;

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  await registerApi(app, options.api);
  if (existsSync(options.rendererDir)) {
    await app.register(fastifyStatic, { root: options.rendererDir, index: ['index.html'] });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('The web softphone is not built: run `npm run build:renderer`.\n'),
    );
  }
  return app;
}
