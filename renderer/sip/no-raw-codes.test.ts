import JsSIPConstants from 'jssip/lib/Constants';
import { describe, expect, it } from 'vitest';
import { endSentence } from '../features/call/end-sentence';
import { transferProblemSentence } from '../features/transfer/transfer-sentence';
import { createI18n } from '../i18n';
import { mapCallEnd } from './end-reason';
import { ALL_REFUSALS } from './pbx-reason';
import { SIP_STATUSES_MET } from './sip-statuses';

const languages = { en: createI18n('en'), ru: createI18n('ru') } as const;
/** What i18next gives back for a missing key: the key itself. */
const looksLikeAKey = /^[\w-]+\.[\w.-]+$/;
/** Every failure status JsSIP knows a reason phrase for: the IANA registry's 4xx–6xx. */
const REGISTERED = Object.keys(
  (JsSIPConstants as unknown as { REASON_PHRASE: Record<string, string> }).REASON_PHRASE,
)
  .map(Number)
  .filter((status) => status >= 400);
const MET = Object.keys(SIP_STATUSES_MET).map(Number);
const JSSIP_CAUSES = Object.values(
  (JsSIPConstants as unknown as { causes: Record<string, string> }).causes,
);

/** A sentence a person can read: words, in the language, and no status number. */
function expectWords(sentence: string, language: 'en' | 'ru', status?: number) {
  expect(sentence.trim()).not.toBe('');
  expect(sentence).not.toMatch(looksLikeAKey);
  expect(sentence).toMatch(/[.!]$/);
  expect(sentence).not.toMatch(/\d{3}/);
  if (status !== undefined) expect(sentence).not.toContain(String(status));
  if (language === 'ru') expect(sentence).toMatch(/[а-яё]/i);
}

/** The sentence of a call the other side (or the PBX) ended with this status and token. */
function sentenceOf(language: 'en' | 'ru', status: number, pbxReason?: string, cause = 'Rejected') {
  const end = mapCallEnd({ originator: 'remote', cause, status, pbxReason });
  return endSentence(languages[language].t, end);
}

describe('no raw codes: every status and token the softphone can meet is a sentence', () => {
  it('knows every table of shared/refusals.ts', () => {
    expect(ALL_REFUSALS.length).toBeGreaterThan(10);
  });

  it.each(ALL_REFUSALS.map((r) => [r.token, r.status, r] as const))(
    'the token %s (%i) has words of its own or its status’s, in both languages',
    (token, status) => {
      const own =
        languages.en.exists(`refusal.${token}`) && languages.ru.exists(`refusal.${token}`);
      expect(own || status in SIP_STATUSES_MET, `no sentence for ${token}`).toBe(true);
      const [en, ru] = [sentenceOf('en', status, token), sentenceOf('ru', status, token)];
      expectWords(en, 'en', status);
      expectWords(ru, 'ru', status);
      expect(ru).not.toBe(en);
    },
  );

  it.each(MET)(
    'status %i, met from the PBX, JsSIP or a carrier, has its own sentence',
    (status) => {
      for (const [language, i18n] of Object.entries(languages)) {
        expect(i18n.exists(`sipStatus.${status}`), `${language} ${status}`).toBe(true);
        expectWords(sentenceOf(language as 'en' | 'ru', status), language as 'en' | 'ru', status);
      }
    },
  );

  it.each([...new Set([...REGISTERED, ...ALL_REFUSALS.map((r) => r.status)])])(
    'status %i ends a call with words, never its number',
    (status) => {
      for (const cause of ['Rejected', 'SIP Failure Code', 'Unavailable', 'Busy']) {
        expectWords(sentenceOf('en', status, undefined, cause), 'en', status);
        expectWords(sentenceOf('ru', status, undefined, cause), 'ru', status);
      }
    },
  );

  it.each(JSSIP_CAUSES)('JsSIP’s cause "%s" is said in words, even with a 200', (cause) => {
    for (const status of [undefined, 200]) {
      const end = mapCallEnd({ originator: 'system', cause, ...(status ? { status } : {}) });
      expectWords(endSentence(languages.en.t, end), 'en', status);
      expectWords(endSentence(languages.ru.t, end), 'ru', status);
    }
  });

  it('never "error 200", "error 503", "error 482" or "error 407", the codes users met', () => {
    const seen = [
      // An outside call without the media bridge: JsSIP fails the 200's SDP.
      endSentence(
        languages.en.t,
        mapCallEnd({ originator: 'system', cause: 'Bad Media Description', status: 200 }),
      ),
      sentenceOf('en', 503),
      // No carrier trunk (112 included): the protocol refusals' token, once the PBX sends it.
      endSentence(languages.en.t, { endReason: 'refused', refusal: 'no-trunk', status: 503 }),
      sentenceOf('en', 482),
      sentenceOf('en', 407, undefined, 'Authentication Error'),
    ];
    expect(seen).toEqual([
      'The two phones could not agree on how to carry the audio.',
      'The phone system cannot connect this call right now. Try again later.',
      'Outside calls are not possible: the phone system has no connection to the telephone network. Ask your administrator.',
      'The call came back to you: you cannot call your own number.',
      'The phone system no longer accepts your sign-in. Sign in again.',
    ]);
    for (const sentence of seen) expect(sentence).not.toMatch(/error|\d/i);
  });

  it('a failed transfer says why in words too', () => {
    for (const status of [...MET, 599, 699]) {
      const problem = { reason: 'failed' as const, status };
      expectWords(transferProblemSentence(languages.en.t, problem), 'en', status);
      expectWords(transferProblemSentence(languages.ru.t, problem), 'ru', status);
    }
  });
});
