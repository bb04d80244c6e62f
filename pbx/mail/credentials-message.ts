/** What a softphone needs to register with a SIP number, with the password just generated. */
export interface CredentialsMessageInput {
  employeeName: string;
  /** The SIP number, which is also the login. */
  login: string;
  password: string;
  server: string;
  domain: string;
  ports: { udp: number; tcp: number; tls: number | null; ws: number; wss: number | null };
}

export interface MailContent {
  subject: string;
  text: string;
}

interface Wording {
  greeting: (name: string) => string;
  reset: string;
  server: string;
  domain: string;
  ports: string;
  ws: string;
  wss: string;
  login: string;
  password: string;
  keep: string;
}

const RUSSIAN: Wording = {
  greeting: (name) => `Здравствуйте, ${name}!`,
  reset: 'Для вашего SIP-номера задан новый пароль. Старый пароль больше не действует.',
  server: 'Сервер',
  domain: 'Домен',
  ports: 'Порты',
  ws: 'WebSocket',
  wss: 'Защищённый WebSocket (WSS)',
  login: 'Логин (SIP-номер)',
  password: 'Пароль',
  keep: 'Введите эти данные в софтфоне и удалите это письмо; никому не сообщайте пароль.',
};

const ENGLISH: Wording = {
  greeting: (name) => `Hello, ${name}.`,
  reset: 'Your SIP number has a new password. The old password no longer works.',
  server: 'Server',
  domain: 'Domain',
  ports: 'Ports',
  ws: 'WebSocket',
  wss: 'Secure WebSocket (WSS)',
  login: 'Login (SIP number)',
  password: 'Password',
  keep: 'Enter these details in your softphone, then delete this message; never share the password.',
};

function section(words: Wording, input: CredentialsMessageInput): string[] {
  const { ports } = input;
  const portLines: [string, number | null][] = [
    ['UDP', ports.udp],
    ['TCP', ports.tcp],
    ['TLS', ports.tls],
    [words.ws, ports.ws],
    [words.wss, ports.wss],
  ];
  return [
    words.greeting(input.employeeName),
    '',
    words.reset,
    '',
    `${words.server}: ${input.server}`,
    `${words.domain}: ${input.domain}`,
    `${words.ports}:`,
    ...portLines.flatMap(([name, port]) => (port === null ? [] : [`  ${name}: ${port}`])),
    `${words.login}: ${input.login}`,
    `${words.password}: ${input.password}`,
    '',
    words.keep,
  ];
}

/** The plain-text mail with a reset SIP password: Russian first, then English; never HA1. */
export function credentialsMessage(input: CredentialsMessageInput): MailContent {
  return {
    subject: 'Новые данные SIP-номера / New SIP number credentials',
    text: [...section(RUSSIAN, input), '', '----', '', ...section(ENGLISH, input), ''].join('\n'),
  };
}
