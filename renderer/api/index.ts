export { apiBaseUrl } from './base-url';
export { ApiRequestError, hasStatus, type ApiFailure, type FieldProblem } from './errors';
export { createPbxApi } from './http-api';
export { subscribeApiEvents } from './events';
export type { ChangeEvent, EventsOptions, EventsSubscriber } from './events';
export type {
  AdminSession,
  EmployeeQuery,
  EmployeeSession,
  PageQuery,
  PbxApi,
  PbxApiFactory,
} from './pbx-api';
export { guardUnauthorized } from './guard';
