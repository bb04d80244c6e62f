/** Mutation operators on what routes a message: Vias, Contact, Route sets, tags, CSeq, REFER. */
import {
  BAD_CSEQS,
  BAD_HOSTS,
  BAD_NAME_ADDRS,
  BAD_PORTS,
  BAD_REPLACES,
  BAD_TAGS,
  BAD_URIS,
  PROTO_NAMES,
} from './hostile-values';
import { ALL, pickIndexed as q, REQUESTS, type Operator } from './mutation-types';

function replaceTag(value: string, tag: string | undefined): string {
  const bare = value.replace(/;\s*tag=[^;]*/i, '');
  return tag === undefined ? bare : `${bare};tag=${tag}`;
}

export const ROUTING_OPERATORS: Operator[] = [
  {
    family: 'via-received',
    roles: ALL,
    apply: (m, p, env) => {
      const [i, host] = q(p, BAD_HOSTS);
      const param = p.chance(0.7) ? `received=${host}` : `rport=${p.pick(BAD_PORTS)}`;
      const broken = `SIP/2.0/UDP 127.0.0.1:${env.sinkPort};branch=z9hG4bK${p.hex(4)};${param}`;
      const vias = m.fields.filter(([n]) => n.toLowerCase() === 'via');
      const others = m.fields.filter(([n]) => n.toLowerCase() !== 'via');
      const top = vias[0]?.[1] ?? env.pbxVia;
      const rest = vias.slice(1).map(([, v]) => v);
      if (rest.length > 0 && p.chance(0.5)) rest[0] = `${rest[0]!};${param}`;
      else rest.unshift(broken);
      m.fields = [['Via', top], ...rest.map((v): [string, string] => ['Via', v]), ...others];
      return [`second-${param.split('=')[0]}-${i}`, m];
    },
  },
  {
    family: 'via-params',
    roles: ALL,
    apply: (m, p) => {
      const top = m.get('Via') ?? '';
      const variants = [
        `pbxf=pbxf-${p.between(0, 999999)}`,
        'pbxf=pbxf-',
        `pbxf=${p.pick(PROTO_NAMES)}`,
        `${p.pick(PROTO_NAMES)}=1`,
        `received=${p.pick(BAD_HOSTS)}`,
        'branch=',
        'branch=z9hG4bK',
        'rport=99999',
        `maddr=${p.pick(BAD_HOSTS)}`,
        'ttl=abc',
        'branch=a;branch=b',
      ];
      const [i, param] = q(p, variants);
      m.set('Via', `${top};${param}`);
      return [`top-${i}`, m];
    },
  },
  {
    family: 'via-garbage',
    roles: ALL,
    apply: (m, p, env) => {
      const values = [
        'SIP/2.0/UDP a~b;branch=z9hG4bK1',
        `SIP/2.0/FOO 127.0.0.1:${env.sinkPort};branch=z9hG4bK1`,
        'SIP/3.0/UDP 127.0.0.1;branch=x',
        'SIP/2.0/UDP [::1;branch=x',
        'SIP/2.0/UDP 127.0.0.1:99999',
        'SIP/2.0/UDP',
        '',
        `SIP/2.0/UDP 127.0.0.1:${env.sinkPort};rport=abc`,
      ];
      const [i, value] = q(p, values);
      if (p.chance(0.5)) m.set('Via', value);
      else m.fields.push(['Via', value]);
      return [`value-${i}`, m];
    },
  },
  {
    family: 'contact',
    roles: ALL,
    apply: (m, p) => {
      const pool = p.chance(0.5) ? BAD_NAME_ADDRS : BAD_URIS.map((u) => `<${u}>`);
      const [i, value] = q(p, pool);
      if (p.chance(0.8)) m.set('Contact', value);
      else m.fields.push(['Contact', value]);
      return [`${pool === BAD_NAME_ADDRS ? 'addr' : 'uri'}-${i}`, m];
    },
  },
  {
    family: 'record-route',
    roles: ['request', 'response'],
    apply: (m, p, env) => {
      const forged = `<sip:pbxf-${p.between(0, 99999)}@127.0.0.1:${env.pbxPort};transport=tcp;lr>`;
      const values = [...BAD_NAME_ADDRS, forged, `<sip:127.0.0.1:${env.pbxPort};lr>`, '<sip:a@b>'];
      const [i, value] = q(p, values);
      const count = p.chance(0.2) ? p.between(2, 40) : 1;
      for (let k = 0; k < count; k++) m.fields.push(['Record-Route', value]);
      return [`value-${i}${count > 1 ? '-many' : ''}`, m];
    },
  },
  {
    family: 'route',
    roles: REQUESTS,
    apply: (m, p, env) => {
      const ours = (user: string) => `<sip:${user}127.0.0.1:${env.pbxPort};lr>`;
      const values = [
        ...BAD_NAME_ADDRS,
        ours(`pbxf-${p.between(0, 99999)}@`),
        ours('pbxf-@'),
        ours(`${p.pick(PROTO_NAMES)}@`),
        ours(''),
        `<sip:${env.domain};lr>`,
        `<sip:127.0.0.1:${env.sinkPort};lr>`,
        '<sip:a~b;lr>',
      ];
      const [i, value] = q(p, values);
      const routes = m.fields.filter(([n]) => n.toLowerCase() === 'route');
      const others = m.fields.filter(([n]) => n.toLowerCase() !== 'route');
      const mode = p.int(3);
      const kept = mode === 0 ? [] : routes;
      const added: [string, string][] = [['Route', value]];
      if (mode === 2) while (added.length < 30) added.push(['Route', ours('')]);
      m.fields = [others[0]!, ...added, ...kept, ...others.slice(1)];
      return [`${['replace', 'prepend', 'loop'][mode]}-${i}`, m];
    },
  },
  {
    family: 'tags',
    roles: ALL,
    apply: (m, p) => {
      const which = p.chance(0.5) ? 'To' : 'From';
      const [i, tag] = p.chance(0.2) ? [-1, undefined] : q(p, BAD_TAGS);
      m.set(which, replaceTag(m.get(which) ?? '', tag));
      return [`${which.toLowerCase()}-${i}`, m];
    },
  },
  {
    family: 'cseq',
    roles: ALL,
    apply: (m, p) => {
      const [i, value] = q(p, BAD_CSEQS);
      const method = (m.get('CSeq') ?? '').split(' ')[1] ?? 'INVITE';
      m.set('CSeq', value.replace('INVITE', method));
      return [`value-${i}`, m];
    },
  },
  {
    family: 'call-id',
    roles: ALL,
    apply: (m, p) => {
      const values = ['', '__proto__', 'constructor', 'a b', 'x'.repeat(4000), '\xff\xfe', '@'];
      const [i, value] = q(p, values);
      m.set('Call-ID', value);
      return [`value-${i}`, m];
    },
  },
  {
    family: 'refer-to',
    roles: ['in-dialog'],
    methods: ['REFER'],
    apply: (m, p, env) => {
      const replaces = encodeURIComponent(p.pick(BAD_REPLACES));
      const target = (m.get('Refer-To') ?? '').replace(/[<>]/g, '').split('?')[0];
      const values = [
        ...BAD_NAME_ADDRS,
        ...BAD_URIS.map((u) => `<${u}>`),
        `<${target}?Replaces=${replaces}>`,
        `<sip:0000000@${env.domain}>`,
        `<sip:${p.pick(PROTO_NAMES)}@${env.domain}>`,
      ];
      const [i, value] = q(p, values);
      const mode = p.int(4);
      if (mode === 0) m.remove('Refer-To');
      else if (mode === 1) m.fields.push(['Refer-To', value]);
      else m.set('Refer-To', value);
      return [`${['none', 'second', 'value', 'value'][mode]}-${i}`, m];
    },
  },
  {
    family: 'replaces',
    roles: REQUESTS,
    methods: ['INVITE'],
    apply: (m, p) => {
      const [i, value] = q(p, BAD_REPLACES);
      m.fields.push(['Replaces', value]);
      return [`value-${i}`, m];
    },
  },
  {
    family: 'referred-by',
    roles: REQUESTS,
    methods: ['INVITE', 'REFER'],
    apply: (m, p) => {
      const [i, value] = q(p, [...BAD_NAME_ADDRS, '<sip:0000001@pbx.test>']);
      m.set('Referred-By', value);
      return [`value-${i}`, m];
    },
  },
];
