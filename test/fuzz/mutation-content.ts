/** Mutation operators on what a message carries: sizes, names, lengths, bytes, bodies. */
import {
  BAD_LENGTHS,
  BAD_SESSION_EXPIRES,
  BAD_URIS,
  BAD_UTF8,
  PROTO_NAMES,
} from './hostile-values';
import { ALL, isDigitOrDot, pickIndexed as q, REQUESTS, type Operator } from './mutation-types';

export const CONTENT_OPERATORS: Operator[] = [
  {
    family: 'huge-header',
    breaksStream: true,
    roles: ALL,
    apply: (m, p) => {
      const names = ['Subject', 'User-Agent', 'Contact', 'X-Fuzz', 'Via', 'Record-Route', 'From'];
      const name = p.pick(names);
      const size = p.pick([4000, 8100, 8300, 20000, 70000]);
      const fill = 'a'.repeat(size);
      const value = name === 'Contact' || name === 'From' ? `<sip:${fill}@b>` : fill;
      if (name === 'From') m.set(name, `${value};tag=${p.hex(3)}`);
      else m.fields.push([name, name === 'Via' ? `SIP/2.0/UDP ${fill}` : value]);
      return [`${name.toLowerCase()}-${size}`, m];
    },
  },
  {
    family: 'repeated-header',
    roles: ALL,
    apply: (m, p, env) => {
      const names = ['X-Fuzz', 'Contact', 'Record-Route', 'Route', 'Supported', 'Via', 'Require'];
      const name = p.pick(names);
      const count = p.pick([20, 100, 300, 1000]);
      const value =
        name === 'Via'
          ? `SIP/2.0/UDP 127.0.0.1:${env.sinkPort};branch=z9hG4bKr`
          : name === 'Contact' || name.endsWith('Route')
            ? `<sip:r@127.0.0.1:${env.sinkPort};lr>`
            : 'timer';
      for (let k = 0; k < count; k++) m.fields.push([name, value]);
      return [`${name.toLowerCase()}-${count}`, m];
    },
  },
  {
    family: 'proto-header',
    roles: ALL,
    apply: (m, p) => {
      const [i, name] = q(p, PROTO_NAMES);
      const value = p.pick(['x', '', '1', '<sip:a@b>', 'SIP/2.0/UDP a~b']);
      if (p.chance(0.3)) m.fields.unshift([name, value]);
      else m.fields.push([name, value]);
      if (p.chance(0.2)) m.fields.push([name, value]);
      return [`name-${i}`, m];
    },
  },
  {
    family: 'proto-param',
    roles: ALL,
    apply: (m, p) => {
      const [i, name] = q(p, PROTO_NAMES);
      const param = p.chance(0.5) ? name : `${name}=${p.pick(['1', 'x', ''])}`.replace(/=$/, '');
      const where = p.pick(['Via', 'From', 'To', 'Contact', 'uri', 'Record-Route', 'Route']);
      if (where === 'uri') {
        const [start, uri, version] = m.start.split(' ');
        if (!m.start.startsWith('SIP/')) m.start = `${start} ${uri};${param} ${version}`;
      } else if (m.get(where) !== undefined) {
        m.set(where, `${m.get(where)};${param}`);
      } else {
        m.fields.push([where, `<sip:p@127.0.0.1;lr;${param}>`]);
      }
      return [`${where.toLowerCase()}-${i}`, m];
    },
  },
  {
    family: 'content-length',
    breaksStream: true,
    roles: ALL,
    apply: (m, p) => {
      const body = typeof m.body === 'string' ? Buffer.from(m.body) : m.body;
      const values = [
        ...BAD_LENGTHS,
        String(body.length + 7),
        String(Math.max(0, body.length - 3)),
      ];
      const [i, value] = q(p, values);
      m.remove('Content-Length');
      m.fields.push(['Content-Length', value]);
      if (p.chance(0.2)) m.fields.push(['Content-Length', String(body.length)]);
      return [`value-${i}`, m];
    },
  },
  {
    family: 'utf8',
    roles: ALL,
    apply: (m, p) => {
      const [i, bad] = q(p, BAD_UTF8);
      const where = p.pick(['From', 'Subject', 'body', 'reason', 'Contact']);
      if (where === 'body') {
        const body = typeof m.body === 'string' ? Buffer.from(m.body) : m.body;
        m.body = Buffer.concat([body, Buffer.from(`a=x-${bad}\r\n`, 'latin1')]);
      } else if (where === 'reason' && m.start.startsWith('SIP/')) {
        m.start = `${m.start} ${bad}`;
      } else if (where === 'From') {
        m.set('From', `"${bad}" ${(m.get('From') ?? '').replace(/^"[^"]*"\s*/, '')}`);
      } else {
        m.fields.push([where === 'reason' ? 'Subject' : where, `<sip:${bad}@127.0.0.1>`]);
      }
      return [`${where.toLowerCase()}-${i}`, m];
    },
  },
  {
    family: 'session-expires',
    roles: ALL,
    apply: (m, p) => {
      const [i, value] = q(p, BAD_SESSION_EXPIRES);
      m.set(p.chance(0.8) ? 'Session-Expires' : 'Min-SE', value);
      if (p.chance(0.5)) m.set('Supported', 'timer');
      return [`value-${i}`, m];
    },
  },
  {
    family: 'max-forwards',
    roles: REQUESTS,
    apply: (m, p) => {
      const [i, value] = q(p, ['0', '1', '255', '256', '-1', 'abc', '70, 70']);
      m.set('Max-Forwards', value);
      return [`value-${i}`, m];
    },
  },
  {
    family: 'body',
    roles: ALL,
    apply: (m, p) => {
      const variants: [string, string | Buffer][] = [
        ['random', p.bytes(p.between(1, 600))],
        ['sdp-junk', 'v=0\r\nm=audio abc RTP/AVP\r\nc=IN IP4 a~b\r\n'],
        ['sdp-huge', `v=0\r\n${'a=x\r\n'.repeat(5000)}`],
        [
          'sdp-ports',
          'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 99999 RTP/AVP 8\r\n',
        ],
        ['sipfrag', 'SIP/2.0 999 Garbage\r\n'],
        ['empty', ''],
      ];
      const [i] = q(
        p,
        variants.map(([n]) => n),
      );
      const [name, body] = variants[i]!;
      m.body = body;
      m.set(
        'Content-Type',
        p.pick(['application/sdp', 'message/sipfrag', 'x/y', '', 'multipart/mixed;boundary=']),
      );
      return [name, m];
    },
  },
  {
    family: 'request-uri',
    roles: REQUESTS,
    apply: (m, p, env) => {
      const values = [
        ...BAD_URIS,
        `sip:127.0.0.1:${env.pbxPort}`,
        `sip:${env.domain}`,
        `sip:b2b-${p.hex(6)}@127.0.0.1:${env.pbxPort}`,
      ];
      const [i, uri] = q(p, values);
      const [method, , version] = m.start.split(' ');
      m.start = `${method} ${uri} ${version}`;
      return [`value-${i}`, m];
    },
  },
  {
    family: 'status',
    roles: ['response'],
    apply: (m, p) => {
      const [i, line] = q(p, [
        'SIP/2.0 199 Early',
        'SIP/2.0 299 Odd',
        'SIP/2.0 699 Odd',
        'SIP/2.0 100 Trying',
        'SIP/2.0 183 Session Progress',
        'SIP/2.0 200',
        'SIP/2.0 200 ',
        'SIP/2.0 1000 Big',
        'SIP/2.0 20 Short',
      ]);
      m.start = line;
      return [`line-${i}`, m];
    },
  },
  {
    family: 'bytes',
    breaksStream: true,
    roles: ALL,
    apply: (m, p) => {
      const bytes = m.bytes();
      const mode = p.int(6);
      if (mode === 0) {
        let at = p.int(bytes.length);
        while (at < bytes.length && isDigitOrDot(bytes[at - 1] ?? 0)) at++;
        return ['truncate', bytes.subarray(0, at)];
      }
      if (mode === 1) {
        // Digits and dots stay: a flipped address could name a host beyond this machine.
        const out = Buffer.from(bytes);
        for (let k = p.between(1, 8); k > 0; k--) {
          const at = p.int(out.length);
          const by = p.u32() & 0xff;
          if (!isDigitOrDot(out[at]!)) out[at] = isDigitOrDot(by) ? 0xff : by;
        }
        return ['flip', out];
      }
      if (mode === 2)
        return ['lf-only', Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1')];
      if (mode === 3) {
        // Not inside a number: a port cut short could be another program's.
        let at = p.int(bytes.length);
        while (at < bytes.length && isDigitOrDot(bytes[at - 1] ?? 0)) at++;
        return [
          'nul',
          Buffer.concat([bytes.subarray(0, at), Buffer.from([0]), bytes.subarray(at)]),
        ];
      }
      if (mode === 4) {
        const text = bytes.toString('latin1').replace(/\r\nFrom: /i, '\r\nFrom:\r\n  ');
        return ['folded', Buffer.from(text, 'latin1')];
      }
      return ['double', Buffer.concat([bytes, bytes])];
    },
  },
  {
    family: 'auth',
    roles: ['request'],
    methods: ['INVITE', 'REGISTER'],
    apply: (m, p) => {
      const name =
        m.get('Proxy-Authorization') !== undefined ? 'Proxy-Authorization' : 'Authorization';
      // Never a well-formed answer with a wrong digest: the PBX throttles those per address.
      const values = [
        'Digest',
        'Digest username="__proto__", realm="pbx.test", nonce="a.b.c", uri="sip:x", response="0"',
        'Digest nonce="' + 'x'.repeat(3000) + '"',
        'Basic YTpi',
        'Digest username=, realm=',
        'Digest constructor="1", toString="2", realm="pbx.test"',
        '\xff\xfe',
      ];
      const [i, value] = q(p, values);
      m.set(name, value);
      return [`value-${i}`, m];
    },
  },
];
