import { createAdmin, createOperator } from '../../pbx/directory';
import type { Session } from '../../shared/api';
import type { TestPbx } from './pbx';

/** Response bodies as tests read them: checked by assertions, not by the compiler. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface ApiResponse<T = Json> {
  status: number;
  headers: Headers;
  body: T;
}

/** One HTTP call to the PBX's API as a client makes it: JSON in, JSON (or nothing) out. */
export async function callApi<T = Json>(
  pbx: TestPbx,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.rawBody ?? JSON.stringify(options.body);
  }
  const response = await fetch(`http://127.0.0.1:${pbx.pbx.ports.http}${path}`, {
    method,
    headers,
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as T,
  };
}

/** An API client bound to one PBX and, once signed in, one token. */
export class ApiClient {
  token?: string;

  constructor(readonly pbx: TestPbx) {}

  call<T = Json>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    return callApi<T>(this.pbx, method, `/api/v1${path}`, { token: this.token, body });
  }
  get = <T = Json>(path: string) => this.call<T>('GET', path);
  post = <T = Json>(path: string, body?: unknown) => this.call<T>('POST', path, body ?? {});
  patch = <T = Json>(path: string, body: unknown) => this.call<T>('PATCH', path, body);
  put = <T = Json>(path: string, body: unknown) => this.call<T>('PUT', path, body);
  delete = <T = Json>(path: string) => this.call<T>('DELETE', path);
}

export const ADMIN_PASSWORD = 'correct horse battery staple';

/** Creates an admin of the company and signs them in. */
export async function signedInAdmin(
  pbx: TestPbx,
  email = 'admin@example.com',
  companyId = pbx.companyId,
): Promise<ApiClient> {
  await createAdmin(pbx.store.forCompany(companyId), { email, password: ADMIN_PASSWORD });
  const client = new ApiClient(pbx);
  const session = await client.post<Session>('/auth/admin', { email, password: ADMIN_PASSWORD });
  if (session.status !== 200) throw new Error(`admin sign-in failed: ${session.status}`);
  client.token = session.body.token;
  return client;
}

/** Signs an employee in with their SIP number and password. */
export async function signedInEmployee(
  pbx: TestPbx,
  sipNumber: string,
  password: string,
): Promise<ApiClient> {
  const client = new ApiClient(pbx);
  const session = await client.post<Session>('/auth/employee', { sipNumber, password });
  if (session.status !== 200) throw new Error(`employee sign-in failed: ${session.status}`);
  client.token = session.body.token;
  return client;
}

/** An operator API client, its token made as `pbx operator add` makes one. */
export async function signedInOperator(pbx: TestPbx, name = 'provisioning'): Promise<ApiClient> {
  const client = new ApiClient(pbx);
  client.token = (await createOperator(pbx.store, name)).token;
  return client;
}
