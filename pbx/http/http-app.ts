import { existsSync } from 'node:fs';
import type http from 'node:http';
import fastifyCors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerApi, type ApiDeps } from '../api';
import type { Logger } from '../log';
import { OriginPolicy } from './origin-policy';
import { addSecurityHeaders, servesFile } from './security-headers';
import { guardUpgrades } from './upgrade-guard';

/** What the HTTP edge bounds and checks (issue 20; README "Limits"). */
export interface HttpEdgeOptions {
  /** The largest request body; a larger one is refused with 413. */
  bodyLimit: number;
  /** Request headers (and a TLS handshake) must arrive within this; a whole request in 3×. */
  readTimeoutMs: number;
  /** Origins beside the PBX's own and the desktop app's that may open its WebSockets and read its API. */
  allowedOrigins: readonly string[];
}

export const DEFAULT_HTTP_EDGE: Readonly<HttpEdgeOptions> = {
  bodyLimit: 65_536,
  readTimeoutMs: 10_000,
  allowedOrigins: [],
};

export interface HttpAppOptions {
  /** The built renderer (web softphone); absent when it has not been built. */
  rendererDir: string;
  https?: { cert: Buffer; key: Buffer };
  logger: Logger;
  api: ApiDeps;
  edge?: HttpEdgeOptions;
}

/** How often Node checks its connections for header and request timeouts. */
const TIMEOUT_CHECK_MS = 1000;
/** An idle keep-alive connection is closed after this long. */
const KEEP_ALIVE_MS = 5000;

/**
 * The PBX's HTTP side: the web softphone at `/`, a health check, and the HTTP API (pbx/api). SIP over
 * WebSocket shares the server: the transport layer takes the `Upgrade` requests. At the edge:
 * security headers, no caching of API answers, no source maps, bounded bodies and slow requests
 * timed out, and WebSockets only from pages the origin policy allows.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const edge = options.edge ?? DEFAULT_HTTP_EDGE;
  const app = Fastify({
    // Requests are not logged one by one; warnings and errors are.
    loggerInstance: options.logger.child({ module: 'http' }, { level: 'warn' }),
    bodyLimit: edge.bodyLimit,
    keepAliveTimeout: KEEP_ALIVE_MS,
    requestTimeout: edge.readTimeoutMs * 3,
    ...(options.https ? { https: { ...options.https, handshakeTimeout: edge.readTimeoutMs } } : {}),
  }) as unknown as FastifyInstance;
  const server = app.server as http.Server;
  // Slowloris: headers must be complete in time, checked every second (Node's default: 30 s).
  server.headersTimeout = edge.readTimeoutMs;
  // Read when the server starts listening (Node's _http_server.js); the types know only the option.
  (server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval =
    TIMEOUT_CHECK_MS;
  const origins = new OriginPolicy(edge.allowedOrigins);
  guardUpgrades(server, origins);
  addSecurityHeaders(app);
  // The desktop app (app://softphone) and allowed origins read the API across origins.
  await app.register(fastifyCors, {
    origin: (origin, done) => done(null, origin !== undefined && origins.allowsCrossOrigin(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'accept'],
    exposedHeaders: ['x-pbx-reason', 'retry-after'],
    maxAge: 600,
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  await registerApi(app, options.api);
  if (existsSync(options.rendererDir)) {
    await app.register(fastifyStatic, {
      root: options.rendererDir,
      index: ['index.html'],
      allowedPath: servesFile,
    });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('The web softphone is not built: run `npm run build:renderer`.\n'),
    );
  }
  return app;
}
