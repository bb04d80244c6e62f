/** The HTTP API contract shared by the PBX (validation, OpenAPI) and the renderer (client). */
export * from './common';
export * from './auth';
export * from './admin';
export * from './me';
export * from './regions';
export * from './caller-id-check';
export * from './events';
export * from './operator';

export const API_PREFIX = '/api/v1';
export * from './device-credentials';
