import { describe, expect, it } from 'vitest';
import { credentialsMessage, type CredentialsMessageInput } from './credentials-message';

const INPUT: CredentialsMessageInput = {
  employeeName: 'Анна Иванова',
  login: '0123456',
  password: 'Xk7pQ2mR9vT4wZ8nB3hJ',
  server: 'pbx.example.ru',
  domain: 'acme.pbx.example.ru',
  ports: { udp: 5060, tcp: 5062, tls: 5061, ws: 8088, wss: 8089 },
};

describe('credentialsMessage', () => {
  it('has a bilingual subject', () => {
    expect(credentialsMessage(INPUT).subject).toBe(
      'Новые данные SIP-номера / New SIP number credentials',
    );
  });

  it('gives every field in Russian first, then in English', () => {
    const { text } = credentialsMessage(INPUT);
    const russian = [
      'Здравствуйте, Анна Иванова!',
      'Старый пароль больше не действует.',
      'Сервер: pbx.example.ru',
      'Домен: acme.pbx.example.ru',
      '  UDP: 5060',
      '  TCP: 5062',
      '  TLS: 5061',
      '  WebSocket: 8088',
      '  Защищённый WebSocket (WSS): 8089',
      'Логин (SIP-номер): 0123456',
      'Пароль: Xk7pQ2mR9vT4wZ8nB3hJ',
    ];
    const english = [
      'Hello, Анна Иванова.',
      'The old password no longer works.',
      'Server: pbx.example.ru',
      'Domain: acme.pbx.example.ru',
      '  UDP: 5060',
      '  TCP: 5062',
      '  TLS: 5061',
      '  WebSocket: 8088',
      '  Secure WebSocket (WSS): 8089',
      'Login (SIP number): 0123456',
      'Password: Xk7pQ2mR9vT4wZ8nB3hJ',
    ];
    const split = text.indexOf('Hello,');
    expect(split).toBeGreaterThan(0);
    for (const line of russian) expect(text.slice(0, split)).toContain(line);
    for (const line of english) expect(text.slice(split)).toContain(line);
  });

  it('leaves out the TLS and secure WebSocket lines when those transports are off', () => {
    const { text } = credentialsMessage({
      ...INPUT,
      ports: { ...INPUT.ports, tls: null, wss: null },
    });
    expect(text).not.toMatch(/TLS|WSS|Защищённый|Secure WebSocket/);
    expect(text.match(/ {2}UDP: 5060/g)).toHaveLength(2);
    expect(text.match(/ {2}WebSocket: 8088/g)).toHaveLength(2);
  });

  it('is plain text with the password and nothing derived from it', () => {
    const { text } = credentialsMessage(INPUT);
    expect(text).not.toMatch(/<[a-z]+[ >]|HA1/i);
    expect(text.match(/Xk7pQ2mR9vT4wZ8nB3hJ/g)).toHaveLength(2);
  });
});
