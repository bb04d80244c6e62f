import { describe, expect, it } from 'vitest';
import { REFUSALS } from '../../shared/refusals';
import { endSentence } from '../features/call/end-sentence';
import { mapCallEnd } from '../sip/end-reason';
import { mapRegistrationProblem } from '../sip/registration-problem';
import { createI18n } from './index';

const refusals = Object.entries(REFUSALS);
const languages = { en: createI18n('en'), ru: createI18n('ru') };
/** What i18next gives back for a missing key: the key itself. */
const looksLikeAKey = /^[\w-]+\.[\w.-]+$/;

describe('every refusal of the PBX (shared/refusals.ts) is a sentence in both languages', () => {
  it.each(refusals)('%s, when a call is refused', (_name, refusal) => {
    const end = mapCallEnd({
      originator: 'remote',
      cause: 'Rejected',
      status: refusal.status,
      pbxReason: refusal.token,
    });
    expect(end.refusal).toBe(refusal.token);
    const [en, ru] = [endSentence(languages.en.t, end), endSentence(languages.ru.t, end)];
    for (const sentence of [en, ru]) {
      expect(sentence.trim()).not.toBe('');
      expect(sentence).not.toMatch(looksLikeAKey);
      expect(sentence).toMatch(/[.!]$/);
    }
    expect(ru).not.toBe(en);
    expect(ru).toMatch(/[а-яё]/i);
  });

  it.each(refusals)('%s, when registering is refused', (_name, refusal) => {
    const problem = mapRegistrationProblem({
      cause: 'Rejected',
      status: refusal.status,
      pbxReason: refusal.token,
    });
    const [en, ru] = [languages.en.t(`status.${problem}`), languages.ru.t(`status.${problem}`)];
    for (const sentence of [en, ru]) {
      expect(sentence.trim()).not.toBe('');
      expect(sentence).not.toMatch(looksLikeAKey);
    }
    expect(ru).not.toBe(en);
  });

  it('the refusals a REGISTER can get have sentences of their own, not the general one', () => {
    const problem = (token: string) =>
      mapRegistrationProblem({ cause: 'Rejected', status: 403, pbxReason: token });
    expect(languages.en.t(`status.${problem('number-disabled')}`)).toBe(
      'Your admin disabled this number. Calls are not possible until it is enabled again.',
    );
    expect(languages.ru.t(`status.${problem('number-disabled')}`)).toBe(
      'Администратор отключил этот номер. Звонки невозможны, пока его не включат снова.',
    );
    const tokens = ['device-limit', 'number-disabled', 'auth-throttled', 'unknown-number'];
    for (const token of [...tokens, 'company-suspended']) {
      expect(problem(token)).not.toBe('unknown');
    }
  });
});
